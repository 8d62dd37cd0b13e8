"""Documents that travel with the customer's e-mail of the step that made them (DO-1).

When the outbox queues a customer e-mail of a step (the acknowledgment, the decision, a
"stage changed" or "closed" notification), request_documents() notes the kinds the
complaint's stage makes and the documents settings send by e-mail; the first such e-mail of
the step claims them. When the worker delivers it, attach_documents() adds the PDFs, making
any the stage's own task has not made yet (same step, so never twice).
"""

import logging

from complaints.models import Complaint
from documents.defaults import DEFAULT_EMAILED
from documents.generation import make_step_document, step_key
from documents.models import EmailDocument, Kind, KindSetting

logger = logging.getLogger(__name__)

STEP_PURPOSES = {"acknowledgment", "decision", "notification"}


def emailed_kinds():
    """Kinds attached to the customer's e-mail; the shipped choice for kinds never set."""
    chosen = dict(KindSetting.objects.values_list("kind", "email_to_customer"))
    return {kind for kind in Kind.values if chosen.get(kind, kind in DEFAULT_EMAILED)}


def request_documents(email, *, now):
    """Note the documents `email` (just queued, in its transaction) should carry."""
    from workflow.queries import process_for

    if email.purpose not in STEP_PURPOSES:
        return []
    complaint = email.complaint
    stage_key = Complaint.objects.filter(pk=complaint.pk).values_list("stage", flat=True).first()
    stage = process_for(complaint).stages.filter(key=stage_key).only("documents").first()
    if stage is None or not stage.documents:
        return []
    wanted = [kind for kind in stage.documents if kind in emailed_kinds()]
    step = step_key(stage_key, now)
    requested = []
    for kind in wanted:
        if EmailDocument.objects.filter(email__complaint=complaint, kind=kind, step=step).exists():
            continue  # an earlier e-mail of this step carries it
        requested.append(EmailDocument.objects.create(email=email, kind=kind, step=step))
    return requested


def attach_documents(email, message, *, now):
    """Attach the PDFs requested for `email` to the EmailMessage `message`; returns how many.
    A document that cannot be made is left out (its failure is recorded), never the e-mail."""
    attached = 0
    for link in EmailDocument.objects.filter(email=email).select_related("document__complaint"):
        try:
            document = link.document or make_step_document(
                email.complaint, link.kind, step=link.step, now=now
            )
            if document is None:
                continue
            if link.document_id is None:
                link.document = document
                link.save(update_fields=["document"])
            with document.file.open("rb") as stored:
                message.attach(document.filename, stored.read(), "application/pdf")
            attached += 1
        except Exception:
            logger.exception("Attaching %s to e-mail %s failed", link.kind, email.pk)
    return attached
