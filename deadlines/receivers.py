"""The clocks follow the workflow: entering a stage starts, pauses or stops the service clock
as the stage says (workflow Stage.clock); the signal comes after the stage change commits.
They follow the classification too: a new category, priority or type picks the policy and
the legal rule again, inside the transaction that changed it. And they follow the decision
e-mail: the mail server's acceptance is the proof of delivery that stops the legal clock, a
final failure leaves it running (deadlines.answers)."""

from django.dispatch import receiver

from complaints.models import Complaint
from complaints.signals import classified
from deadlines.answers import decision_email_accepted, decision_email_failed
from deadlines.clocks import apply_stage_clock, recompute
from notifications.models import OutboundEmail
from notifications.signals import email_failed, email_sent
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


@receiver(email_sent, dispatch_uid="deadlines.email_sent")
def follow_decision_delivered(sender, *, email, at, **kwargs):
    if email.purpose == OutboundEmail.Purpose.DECISION:
        decision_email_accepted(email, at=at)


@receiver(email_failed, dispatch_uid="deadlines.email_failed")
def follow_decision_failed(sender, *, email, at, **kwargs):
    if email.purpose == OutboundEmail.Purpose.DECISION:
        decision_email_failed(email, at=at)
