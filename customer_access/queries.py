"""Reads for the signed-in customer: their complaints, current and archived."""

from django.db.models import Q

from complaints.models import Complaint
from portal.models import DecisionAnswer
from workflow.models import Decision, Process
from workflow.queries import complaints_following, default_process, process_for, stages_by_key


def complaints_of(email):
    """Every complaint of every customer who gave `email` (customers are not merged, so one
    address may have several customer records)."""
    return Complaint.objects.filter(customer__email__iexact=email)


def archived_filter(complaints):
    """A Q for the complaints in a final stage of their own process, or merged away."""
    default_process()  # a fresh database gets its process first
    final = Q(merged_into__isnull=False)
    for process in Process.objects.prefetch_related("stages"):
        keys = [stage.key for stage in process.stages.all() if stage.is_final]
        if keys:
            following = complaints_following(process, complaints).filter(stage__in=keys)
            final |= Q(pk__in=following.values("pk"))
    return final


def customer_complaints(email, *, archived):
    """The customer's current (or archived) complaints, newest first."""
    complaints = complaints_of(email)
    final = archived_filter(complaints)
    chosen = complaints.filter(final) if archived else complaints.exclude(final)
    return chosen.select_related("merged_into").order_by("-received_at", "-pk")


def with_stages(complaints):
    """(complaint, its Stage, whether a choice of remedy awaits the customer) for each: the
    words the customer is told, and what asks for their answer (PO-2)."""
    complaints = list(complaints)
    choosing = awaiting_choice(complaints)
    stages = {}
    rows = []
    for complaint in complaints:
        if complaint.category_id not in stages:
            stages[complaint.category_id] = stages_by_key(process_for(complaint))
        stage = stages[complaint.category_id].get(complaint.stage)
        rows.append((complaint, stage, complaint.pk in choosing and not (stage and stage.is_final)))
    return rows


def awaiting_choice(complaints):
    """Ids of `complaints` whose latest decision offers remedies the customer has not chosen
    from yet; two queries for a page, whatever its length."""
    latest = {}
    decisions = Decision.objects.filter(complaint__in=complaints).order_by("decided_at", "pk")
    for decision in decisions.only("pk", "complaint_id", "offered_remedies"):
        latest[decision.complaint_id] = decision
    offering = {d.pk: d.complaint_id for d in latest.values() if d.offered_remedies}
    answered = set(
        DecisionAnswer.objects.filter(decision__in=offering).values_list("decision", flat=True)
    )
    return {complaint for decision, complaint in offering.items() if decision not in answered}
