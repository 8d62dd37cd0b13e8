"""Closing a complaint sends its satisfaction survey (CO-4)."""

from django.conf import settings
from django.dispatch import receiver

from complaints.models import Complaint
from surveys.answers import send_survey
from workflow.models import Stage
from workflow.queries import process_for, stages_by_key
from workflow.signals import stage_entered


@receiver(stage_entered, dispatch_uid="surveys.send_on_close")
def send_survey_on_close(sender, *, complaint_id, stage_key, at, **kwargs):
    """On entering a final stage named in SURVEY_STAGES (by default "closed", not "rejected")."""
    if stage_key not in settings.SURVEY_STAGES:
        return
    complaint = Complaint.objects.select_related("customer").get(pk=complaint_id)
    stage = stages_by_key(process_for(complaint)).get(stage_key)
    if not isinstance(stage, Stage) or not stage.is_final or complaint.stage != stage_key:
        return
    send_survey(complaint, now=at)
