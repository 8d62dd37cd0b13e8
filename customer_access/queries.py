"""Reads for the signed-in customer: their complaints, current and archived."""

from django.db.models import Q

from complaints.models import Complaint
from workflow.models import Process
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
    """Pair each complaint with its Stage (for the words the customer is told)."""
    stages = {}
    rows = []
    for complaint in complaints:
        if complaint.category_id not in stages:
            stages[complaint.category_id] = stages_by_key(process_for(complaint))
        rows.append((complaint, stages[complaint.category_id].get(complaint.stage)))
    return rows
