"""Documents made on entering a stage (DO-1), by the worker: a template error never holds up
the stage change, and the PDF is compiled off the request.

The initial stage is entered by registration, which sends no `stage_entered`; a new
complaint's row is the cue. Its task is enqueued inside the registration's transaction: the
database task backend stores it in the same commit, so a rolled-back registration leaves no
task and a crash right after the commit loses none.
"""

import logging

from django.db.models.signals import post_save
from django.dispatch import receiver

from complaints.models import Complaint
from workflow.queries import process_for
from workflow.signals import stage_entered

logger = logging.getLogger(__name__)


def _listed(complaint, stage_key):
    stage = process_for(complaint).stages.filter(key=stage_key).only("documents").first()
    return bool(stage and stage.documents)


@receiver(stage_entered, dispatch_uid="documents.stage_entered")
def make_on_entering(sender, complaint_id, stage_key, at, **kwargs):
    from documents.tasks import make_stage_documents_task

    try:
        complaint = Complaint.objects.filter(pk=complaint_id).first()
        if complaint is not None and _listed(complaint, stage_key):
            make_stage_documents_task.enqueue(complaint_id, stage_key, at.isoformat())
    except Exception:
        logger.exception("Documents of %s for complaint %s not queued", stage_key, complaint_id)


@receiver(post_save, sender=Complaint, dispatch_uid="documents.registered")
def make_on_registration(sender, instance, created, raw=False, **kwargs):
    from documents.tasks import make_stage_documents_task

    if not created or raw:
        return
    if _listed(instance, instance.stage):
        make_stage_documents_task.enqueue(
            instance.pk, instance.stage, instance.received_at.isoformat()
        )
