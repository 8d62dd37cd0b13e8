"""The customer answers a decision in the portal (PO-1): accept it, pick one of the remedies
it offers, or contest it with a reason. One answer per decision."""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from complaints.attachments import delete_stored_files
from complaints.models import Channel, Complaint, TimelineEntry
from complaints.timeline import record_event
from portal.models import DecisionAnswer
from portal.queries import latest_decision
from portal.replies import PortalClosed, check_customer_files, clean_text, store_customer_files
from portal.staff_alerts import alert_handlers
from workflow.models import Decision
from workflow.queries import process_for, stages_by_key
from workflow.resolution import default_action_texts
from workflow.transitions import reopen_for_review

Answer = DecisionAnswer.Answer


class AlreadyAnswered(PortalClosed):
    pass


def offered_remedies(decision):
    """The decision's offered remedies that are still known remedies, in its order."""
    return [value for value in decision.offered_remedies if value in Decision.Remedy.values]


def answerable(decision, stage):
    """Whether the customer may still answer `decision` with the complaint in `stage`: not
    once an accepted decision was carried out and the complaint closed. A rejection stays
    answerable in its final stage: contesting it is what the answer is for."""
    if stage is None or not stage.is_final:
        return True
    return decision.outcome == Decision.Outcome.REJECTED


def answer_decision(complaint, *, decision_id, answer, now, remedy="", reason="", uploads=()):
    """Record the customer's answer to the complaint's latest decision, on the public
    timeline, and alert its owner (and the managers when contested).

    Locks the complaint's row, so of two submits (a double click, two tabs) the second is
    refused with AlreadyAnswered. `decision_id` is the decision the customer read: once a
    newer one exists the answer is refused (PortalClosed) rather than given to it. Raises
    ValidationError for bad input, changing nothing. A decision that offers remedies is
    accepted by choosing one; contesting needs a reason and moves the complaint back for
    review through the process's own way back (workflow.transitions.reopen_for_review);
    where the process has none, the desk says so and managers move it.
    """
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Choose how you answer the decision.")})
    reason = clean_text(
        reason,
        field="reason",
        required_message=_("Tell us why you disagree with the decision.")
        if answer == Answer.CONTESTED
        else None,
    )
    uploads = list(uploads) if answer == Answer.CONTESTED else []
    stored = []
    try:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
            if locked.merged_into_id:
                raise PortalClosed(_("This complaint continues under another reference."))
            decision = latest_decision(locked)
            if decision is None or str(decision.pk) != str(decision_id):
                raise PortalClosed(
                    _("The decision has changed since you opened this page; read it again.")
                )
            if DecisionAnswer.objects.filter(decision=decision).exists():
                raise AlreadyAnswered(_("You have answered this decision already."))
            if not answerable(decision, stages_by_key(process_for(locked)).get(locked.stage)):
                raise PortalClosed(
                    _("Your complaint is closed; write to us below if something is still wrong.")
                )
            offered = offered_remedies(decision)
            if answer != Answer.CONTESTED and offered:
                if remedy not in offered:
                    raise ValidationError({"remedy": _("Choose one of the remedies offered.")})
                answer = Answer.CHOSE_REMEDY
            elif answer == Answer.CHOSE_REMEDY:
                raise ValidationError({"remedy": _("This decision offers no choice of remedy.")})
            else:
                remedy = ""
            files = check_customer_files(locked, uploads)
            store_customer_files(locked, files, stored)
            try:
                with transaction.atomic():
                    given = DecisionAnswer.objects.create(
                        decision=decision,
                        answer=answer,
                        remedy=remedy,
                        reason=reason,
                        answered_at=now,
                    )
            except IntegrityError:
                raise AlreadyAnswered(_("You have answered this decision already.")) from None
            record_event(
                locked,
                TimelineEntry.Kind.MESSAGE_RECEIVED,
                at=now,
                is_public=True,
                text=reason,
                channel=Channel.PORTAL,
                answer=answer,
                remedy=remedy,
                decision_id=decision.pk,
                attachments=[attachment.original_name for attachment in stored],
            )
            if answer == Answer.CHOSE_REMEDY:
                follow_chosen_remedy(decision, remedy, language=locked.language)
            if answer == Answer.CONTESTED:
                with translation.override(locked.language):
                    said = _("Reopened for review: you contested the decision.")
                reopened = reopen_for_review(locked, reason=said, now=now)
                if reopened is not None:
                    given.reopened_to = reopened.key
                    given.save(update_fields=["reopened_to"])
            _alert(locked, given, now=now)
    except BaseException:
        delete_stored_files(stored)
        raise
    return given


def follow_chosen_remedy(decision, remedy, *, language):
    """Rename the decision's remedy actions not done yet to the remedy the customer chose
    ("Repair done" → "Replacement shipped"); actions staff wrote themselves stay."""
    if remedy == decision.remedy:
        return 0
    chosen = copy.copy(decision)
    chosen.remedy = remedy
    before = default_action_texts(decision, language=language)
    after = default_action_texts(chosen, language=language)
    if not after:
        return 0
    return decision.actions.filter(done_at__isnull=True, text__in=before).update(text=after[0])


def _alert(complaint, given, *, now):
    with translation.override(settings.LANGUAGE_CODE):
        reference = complaint.reference
        if given.answer == Answer.CONTESTED:
            text = _("%(reference)s: the customer contested the decision. Reason: %(reason)s") % {
                "reference": reference,
                "reason": given.reason[:500],
            }
            if given.reopened_to:
                text += " " + _("It is back in review.")
            subject = _("Decision contested: review needed")
        elif given.answer == Answer.CHOSE_REMEDY:
            text = _("%(reference)s: the customer chose the remedy “%(remedy)s”.") % {
                "reference": reference,
                "remedy": given.get_remedy_display(),
            }
            subject = _("The customer chose a remedy")
        else:
            text = _("%(reference)s: the customer accepted the decision.") % {
                "reference": reference
            }
            subject = _("Decision accepted")
    return alert_handlers(
        complaint,
        kind=f"decision_{given.answer}",
        key=f"decision_answer:{given.pk}",
        text=text,
        subject=subject,
        now=now,
        managers_too=given.answer == Answer.CONTESTED,
    )
