"""The attachments card on the complaint page (DO-3)."""

from django.db.models import Exists, OuterRef

from desk.attachment_forms import AttachmentDetailsForm, AttachmentUploadForm
from messaging.models import MessageAttachment


def attachments_card(complaint, user):
    """The card's context: every file of the complaint in one query, whoever added it and
    through whichever channel, and the forms for the complaint team."""
    sent = MessageAttachment.objects.filter(attachment=OuterRef("pk"))
    attachments = list(
        complaint.attachments.select_related("uploaded_by").annotate(sent_in_message=Exists(sent))
    )
    editable = user.in_complaint_team
    for attachment in attachments:
        if editable:
            attachment.details_form = AttachmentDetailsForm(
                initial={"role": attachment.role, "is_internal": attachment.is_internal},
                prefix=f"a{attachment.pk}",
            )
    return {
        "attachments": attachments,
        "attachment_upload_form": AttachmentUploadForm() if editable else None,
    }
