"""The clocks follow the workflow: entering a stage starts, pauses or stops the service clock
as the stage says (workflow Stage.clock); the signal comes after the stage change commits.
They follow the classification too: a new category, priority or type picks the policy and
the legal rule again, inside the transaction that changed it."""

from django.dispatch import receiver

from complaints.models import Complaint
from complaints.signals import classified
from deadlines.clocks import apply_stage_clock, recompute
from workflow.queries import process_for
from workflow.signals import stage_entered


@receiver(stage_entered, dispatch_uid="deadlines.stage_entered")
def follow_stage(sender, *, complaint_id, stage_key, at, **kwargs):
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None:
        return
    stage = process_for(complaint).stages.filter(key=stage_key).first()
    apply_stage_clock(complaint, stage.clock if stage else "", now=at)


@receiver(classified, dispatch_uid="deadlines.classified")
def follow_classification(sender, *, complaint, now, **kwargs):
    recompute(complaint, now=now)
