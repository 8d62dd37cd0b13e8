"""Reads shared by the desk, the portal and (later) reports and the API."""

from django.db.models import F, Q

from complaints.models import Complaint

NULLS_LAST = {"clock__open_resolution_due"}

# Sort keys the desk offers, mapped to columns. The reference breaks ties so pages are stable.
SORTS = {
    "received": ("received_at", "reference"),
    "reference": ("reference",),
    "customer": ("customer__name", "reference"),
    "stage": ("stage", "-received_at"),
    "priority": ("priority", "received_at"),
    "owner": ("owner__username", "-received_at"),
    # DL-3 "due soonest": the service level's due date while it runs, stored by the
    # deadlines app on the complaint's clock (reached by its reverse name, so this app
    # imports nothing of it); complaints whose clock stopped (closed) come last.
    "due": ("clock__open_resolution_due", "received_at"),
    "category": ("category__name", "-received_at"),
    "type": ("type", "-received_at"),
}


def visible_complaints(user):
    """What a member of staff may see: managers everything; agents the shared queue, theirs
    and those they are consulted on; specialists only those they are consulted on (WF-6)."""
    complaints = Complaint.objects.all()
    if user.is_manager:
        return complaints
    consulted = Q(pk__in=consulted_on(user))
    if not user.in_complaint_team:
        return complaints.filter(consulted)
    return complaints.filter(Q(owner__isnull=True) | Q(owner=user) | consulted)


def consulted_on(user):
    """Ids of the complaints `user` or one of their departments is asked an opinion on (the
    request not cancelled), as a subquery.

    The request model is reached through the reverse relation's name, `opinion_requests`
    (consultations.OpinionRequest.complaint), so that this app imports nothing from
    consultations: it depends on no other app of ours. `pk IN (subquery)` adds no rows (a
    complaint asked about twice is listed once) and no queries. It is not a correlated
    EXISTS on purpose: measured on SQLite at 100,000 complaints, an EXISTS per row made an
    agent's list (count and first page) about 1.5 times slower and a specialist's take
    ~140 ms instead of ~2 ms, because the IN subquery is evaluated once, from the small
    requests table and its specialist and department indexes.
    """
    requests = Complaint._meta.get_field("opinion_requests").related_model.objects
    return requests.filter(
        Q(specialist=user) | Q(department__in=user.departments.values("pk")),
        cancelled_at__isnull=True,
    ).values("complaint_id")


def without_merged(complaints):
    """Leave out duplicates merged into another complaint (WF-9).

    Written as NOT IN over the few merged ids (read from the merged_into index) rather than
    `merged_into IS NULL`: SQLite's planner takes any extra WHERE term for a selective one,
    and at 100,000 complaints switched the desk list from reading the received_at index
    newest first (1 ms) to sorting every row (about a second).
    """
    merged = Complaint.objects.filter(merged_into__isnull=False).values("pk")
    return complaints.exclude(pk__in=merged)


def filtered_complaints(
    user,
    *,
    stage="",
    owner="",
    channel="",
    category="",
    tag="",
    only_mine=False,
    include_merged=False,
):
    """Visible complaints narrowed by the desk's filters (the list's and the board's).

    `owner` and `category` are ids or "none" (the shared queue, no category); `tag` is a
    tag id. Values that are neither are ignored. Merged duplicates (WF-9) are worked on
    through the complaint they were merged into, and left out unless `include_merged`.
    """
    complaints = visible_complaints(user)
    if not include_merged:
        complaints = without_merged(complaints)
    if stage:
        complaints = complaints.filter(stage=stage)
    if channel:
        complaints = complaints.filter(channel=channel)
    if owner == "none":
        complaints = complaints.filter(owner__isnull=True)
    elif owner.isdigit():
        complaints = complaints.filter(owner_id=int(owner))
    if category == "none":
        complaints = complaints.filter(category__isnull=True)
    elif category.isdigit():
        complaints = complaints.filter(category_id=int(category))
    if tag.isdigit():
        complaints = complaints.filter(tags=int(tag))
    if only_mine:
        complaints = complaints.filter(owner=user)
    return complaints


def desk_complaints(user, *, sort="-received", **filters):
    """The desk list: visible complaints filtered and sorted, with what a row shows joined in.

    Unknown sort keys fall back to newest first.
    """
    complaints = filtered_complaints(user, **filters).select_related(
        "customer", "owner", "category"
    )
    descending = sort.startswith("-")
    columns = SORTS.get(sort.lstrip("-"), SORTS["received"])
    if sort.lstrip("-") not in SORTS:
        descending = True
    order = [_ordering(column, descending) for column in columns]
    return complaints.order_by(*order)


def _ordering(column, descending):
    """An order_by() term; due dates put complaints without one last either way."""
    if column in NULLS_LAST:
        field = F(column)
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
    return _flip(column) if descending else column


def _flip(column):
    return column[1:] if column.startswith("-") else f"-{column}"


def customer_history(customer, *, user, exclude=None, limit=10):
    """The customer's latest complaints that `user` may see, newest first."""
    complaints = visible_complaints(user).filter(customer=customer)
    if exclude is not None:
        complaints = complaints.exclude(pk=exclude.pk)
    return complaints.order_by("-received_at")[:limit]
