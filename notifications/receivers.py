"""Events of other apps that the notification rules answer (CO-1).

Both signals arrive after the commit of the change, so each receiver writes its outbox rows
in a transaction of its own; a failure here is logged and never undoes the change.
"""

import logging

from django.db import transaction
from django.dispatch import receiver
from django.utils import formats, timezone, translation

from complaints.models import Complaint
from consultations.signals import opinion_requested
from notifications.rules import Event, notify
from workflow.models import Decision, Stage
from workflow.queries import process_for
from workflow.signals import stage_entered

logger = logging.getLogger(__name__)


@receiver(stage_entered, dispatch_uid="notifications.stage_entered")
def tell_stage_entered(sender, complaint_id, stage_key, at, **kwargs):
    """A final stage is "closed" (unless the complaint was rejected); another stage is news
    when its "tell the customer" is on."""
    # (A stage waiting for a specialist is announced by tell_specialist_involved instead.)
    try:
        with transaction.atomic():
            complaint = Complaint.objects.select_related("customer").get(pk=complaint_id)
            stage = Stage.objects.filter(process=process_for(complaint), key=stage_key).first()
            if stage is None:
                return
            if stage.is_final:
                if not _rejected(complaint):
                    notify(complaint, Event.CLOSED, now=at)
            elif stage.notify_customer and stage.waits_for != Stage.WaitsFor.SPECIALIST:
                # Waiting for a specialist: "specialist involved" says so, with the date.
                with translation.override(complaint.language):
                    text = str(stage.customer_label or stage.label)
                notify(complaint, Event.STAGE_CHANGED, now=at, context={"stage": text})
    except Exception:
        logger.exception("Notifying complaint %s of stage %s failed", complaint_id, stage_key)


def _rejected(complaint):
    """Rejected by the last decision: its e-mail told the customer, "closed" would repeat it."""
    last = Decision.objects.filter(complaint=complaint).order_by("-decided_at", "-pk").first()
    return last is not None and last.outcome == Decision.Outcome.REJECTED


@receiver(opinion_requested, dispatch_uid="notifications.opinion_requested")
def tell_specialist_involved(sender, complaint_id, due, at=None, **kwargs):
    try:
        with transaction.atomic():
            complaint = Complaint.objects.select_related("customer").get(pk=complaint_id)
            with translation.override(complaint.language):
                due_date = formats.date_format(due, "DATE_FORMAT")
            # The signal carries no time; it is sent right after the commit of the request.
            notify(
                complaint,
                Event.SPECIALIST_INVOLVED,
                now=at or timezone.now(),
                context={"due_date": due_date},
            )
    except Exception:
        logger.exception("Notifying complaint %s of an expert failed", complaint_id)
