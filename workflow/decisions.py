"""Deciding a complaint (WF-3): the outcome, the justification and the remedy, then the move
the process makes for that outcome."""

from decimal import Context, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.models import Complaint, TimelineEntry
from complaints.timeline import record_event
from deadlines.answers import answer_with_decision
from workflow.models import Decision, Transition
from workflow.queries import may_take, process_for
from workflow.resolution import create_default_actions
from workflow.transitions import StaleComplaint, TransitionRefused, move_complaint

CENTS = Decimal("0.01")
# Decision.amount and .compensation hold 12 digits, 2 of them after the point.
MONEY_LIMIT = Decimal("1e10")
MONEY_REMEDIES = frozenset(Decision.MONEY_REMEDIES)


def decision_transition(complaint, outcome, *, process=None):
    """The transition a decision with `outcome` takes from the complaint's stage, or None."""
    process = process or process_for(complaint)
    for transition in Transition.objects.filter(
        process=process, source__key=complaint.stage
    ).select_related("target"):
        if outcome in transition.decision_outcomes:
            return transition
    return None


def _money(value, field):
    """An amount in whole cents, so that 120 reads 120.00 everywhere; None when not given."""
    if value in (None, ""):
        return None
    try:
        return Decimal(value).quantize(CENTS, context=Context(prec=40))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Give the amount as a number, e.g. 120.50.")}) from None


def validate_decision(
    *, outcome, justification, remedy, amount, currency, compensation, offered=()
):
    """Raise ValidationError keyed by field. An amount belongs to a refund or a price
    reduction: the decision's own remedy, or one it offers the customer (`offered`)."""
    errors = {}
    if outcome not in Decision.Outcome.values:
        errors["outcome"] = _("Choose accepted, partially accepted or rejected.")
    if not justification.strip():
        errors["justification"] = _("Explain the decision; the customer will read it.")
    if outcome == Decision.Outcome.REJECTED:
        if remedy:
            errors["remedy"] = _("A rejected complaint gets no remedy.")
    elif outcome in Decision.Outcome.values and remedy not in Decision.Remedy.values:
        errors["remedy"] = _("Choose the remedy.")
    if remedy in MONEY_REMEDIES or MONEY_REMEDIES.intersection(offered):
        if amount is None or amount <= 0:
            errors["amount"] = _("Give the amount of the refund or price reduction.")
        if not currency or len(currency) != 3 or not currency.isalpha():
            errors["currency"] = _("Give the currency as a three-letter code, e.g. PLN.")
    elif amount is not None:
        errors["amount"] = _("An amount belongs to a refund or a price reduction.")
    for field, value in (("amount", amount), ("compensation", compensation)):
        if value is not None and value < 0 and field not in errors:
            errors[field] = _("Amounts cannot be negative.")
        elif value is not None and value >= MONEY_LIMIT and field not in errors:
            errors[field] = _("Amounts must be below 10,000,000,000.")
    if errors:
        raise ValidationError(errors)


def entry_remedy_labels(data):
    """(remedy, offered) as a decision's timeline entry (`data`) reads them: the remedy's
    name, with the amount when it is the remedy's; the offered remedies' names joined, the
    one the amount belongs to with it ("" when none were offered)."""
    decision = Decision(
        remedy=data.get("remedy", ""),
        offered_remedies=data.get("offered_remedies", []),
        amount=data.get("amount") or None,
        currency=data.get("currency", ""),
    )
    remedy = decision.own_remedy_label if decision.remedy else ""
    return str(remedy), " / ".join(str(label) for label in decision.offered_choice_labels)


def validate_offered_remedies(*, outcome, remedy, offered):
    """The remedies the customer may choose from in the portal (PO-1), cleaned: none, or at
    least two known ones, each once, among them the decision's own remedy."""
    offered = list(offered or [])
    if not offered:
        return []
    if outcome == Decision.Outcome.REJECTED:
        message = _("A rejected complaint offers no remedies to choose from.")
    elif any(value not in Decision.Remedy.values for value in offered):
        message = _("Offer only remedies from the list.")
    elif len(set(offered)) != len(offered):
        message = _("Offer each remedy once.")
    elif len(offered) < 2:
        message = _("Offer at least two remedies to choose from, or none.")
    elif remedy not in offered:
        message = _("The remedy above must be one of those offered.")
    else:
        return offered
    raise ValidationError({"offered_remedies": message})


def record_decision(
    complaint,
    *,
    outcome,
    justification,
    by,
    now,
    remedy="",
    amount=None,
    currency="",
    compensation=None,
    settles_all_claims=False,
    seen_stage=None,
    notify_customer=True,
    offered_remedies=(),
):
    """Record the decision and move the complaint as the process says for its outcome.

    All in one transaction, with the remedy's resolution actions (workflow.resolution) and
    the decision e-mailed to the customer through the outbox (deadlines.answers: its delivery
    stops the legal clock): a decision whose move is refused is not kept and sends nothing.
    `notify_customer=False` (an importer, the demo) e-mails nothing: the answer then went
    another way and whoever calls records it (deadlines.answers). Raises
    ValidationError for bad input and TransitionRefused when the process does not allow it.
    """
    justification = justification.strip()
    currency = currency.strip().upper()
    amount = _money(amount, "amount")
    compensation = _money(compensation, "compensation")
    errors = {}
    try:
        offered_remedies = validate_offered_remedies(
            outcome=outcome, remedy=remedy, offered=offered_remedies
        )
    except ValidationError as error:
        errors.update(error.error_dict)
        offered_remedies = []
    try:
        validate_decision(
            outcome=outcome,
            justification=justification,
            remedy=remedy,
            amount=amount,
            currency=currency,
            compensation=compensation,
            offered=offered_remedies,
        )
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if seen_stage is not None and locked.stage != seen_stage:
            raise StaleComplaint(
                _("Someone else moved %(reference)s meanwhile. Look at it again before deciding.")
                % {"reference": locked.reference}
            )
        transition = decision_transition(locked, outcome)
        if transition is None:
            raise TransitionRefused(_("A complaint cannot be decided at this stage."))
        if not may_take(transition, by):
            raise TransitionRefused(_("Your role may not decide this complaint."))
        decision = Decision.objects.create(
            complaint=locked,
            outcome=outcome,
            justification=justification,
            remedy=remedy if outcome != Decision.Outcome.REJECTED else "",
            amount=amount,
            currency=currency if amount is not None else "",
            compensation=compensation,
            settles_all_claims=settles_all_claims,
            offered_remedies=offered_remedies,
            decided_by=by,
            decided_at=now,
        )
        record_event(
            locked,
            TimelineEntry.Kind.DECISION,
            at=now,
            actor=by,
            is_public=True,
            text=justification,
            decision_id=decision.pk,
            outcome=outcome,
            remedy=decision.remedy,
            amount=str(amount) if amount is not None else "",
            currency=decision.currency,
            compensation=str(compensation) if compensation is not None else "",
            settles_all_claims=settles_all_claims,
            **({"offered_remedies": offered_remedies} if offered_remedies else {}),
        )
        move_complaint(
            locked,
            to=transition.target.key,
            by=by,
            now=now,
            reason=justification,
            decision=decision,
        )
        create_default_actions(decision, by=by, now=now)
        if notify_customer:
            answer_with_decision(decision, now=now)
    return decision
