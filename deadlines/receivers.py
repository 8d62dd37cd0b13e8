"""The clocks follow the workflow: entering a stage starts, pauses or stops the service clock
as the stage says (workflow Stage.clock); the signal comes after the stage change commits.
They follow the classification too: a new category, priority or type picks the policy and
the legal rule again, inside the transaction that changed it. And they follow the decision
e-mail: the mail server's acceptance is the proof of delivery that stops the legal clock, a
final failure leaves it running (deadlines.answers).

The first response (DL-1) is the first thing a member of staff tells the customer: the
first public timeline entry with an actor that is a note, a question, a decision, an expert
being involved, or a stage move (the first move is necessarily out of the initial stage).
It is read from the timeline's post_save rather than from `stage_entered`, because notes,
questions and decisions send no signal, and because it then commits with the entry that made
it. Registration (staff typing in a phone call) and merging notices do not count.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from complaints.models import Complaint, TimelineEntry
from complaints.signals import classified
from deadlines.answers import decision_email_accepted, decision_email_failed
from deadlines.clocks import apply_stage_clock, recompute, record_first_response
from deadlines.models import ComplaintClock
from notifications.models import OutboundEmail
from notifications.signals import email_failed, email_sent
from workflow.queries import process_for
from workflow.signals import stage_entered

RESPONSE_KINDS = frozenset(
    {
        TimelineEntry.Kind.NOTE,
        TimelineEntry.Kind.QUESTION,
        TimelineEntry.Kind.DECISION,
        TimelineEntry.Kind.STAGE_CHANGED,
        TimelineEntry.Kind.OPINION_REQUESTED,
    }
)


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


@receiver(post_save, sender=TimelineEntry, dispatch_uid="deadlines.first_response")
def follow_first_response(sender, instance, created, raw=False, **kwargs):
    if raw or not created or not is_response(instance):
        return
    waiting = ComplaintClock.objects.filter(
        complaint_id=instance.complaint_id, first_responded_at__isnull=True
    )
    if waiting.exists():
        record_first_response(instance.complaint, at=instance.created_at)


def is_response(entry):
    return entry.is_public and entry.actor_id is not None and entry.kind in RESPONSE_KINDS
