"""Files that travel with an outbox e-mail (CO-3).

The outbox sends a plain EmailMessage; deliver_email calls attach_files() while building it,
and the files an agent attached to a message (MessageAttachment rows) are added here. Mail
without such rows costs one indexed query and is otherwise unchanged.
"""

from messaging.models import MessageAttachment


def attach_files(email, message):
    """Add the stored files linked to outbox `email` to the EmailMessage `message`."""
    links = MessageAttachment.objects.filter(email=email).select_related("attachment")
    for link in links:
        attachment = link.attachment
        with attachment.file.open("rb") as stored:
            message.attach(attachment.original_name, stored.read(), attachment.content_type)
    return len(links)
