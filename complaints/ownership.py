"""One complaint, one owner (WF-5): taken from the shared queue, assigned by a manager, or
routed automatically (DL-4)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.models import Complaint, TimelineEntry
from complaints.timeline import record_event


class AlreadyOwned(Exception):
    """Someone else took the complaint first."""

    def __init__(self, owner):
        self.owner = owner
        super().__init__(_("%(owner)s already owns this complaint.") % {"owner": owner})


def take_complaint(complaint, *, agent, now):
    """Give an unowned complaint to `agent`. Locks the row: of two agents, one wins."""
    if not agent.in_complaint_team:
        raise PermissionDenied(_("Only the complaint team can own complaints."))
    with transaction.atomic():
        locked = _lock(complaint)
        if locked.owner_id == agent.pk:
            return locked
        if locked.owner_id is not None:
            raise AlreadyOwned(locked.owner)
        return _change_owner(locked, to=agent, by=agent, now=now, how="taken")


def assign_complaint(complaint, *, to, by, now):
    """A manager hands the complaint to `to` (or back to the shared queue with None)."""
    if not by.is_manager:
        raise PermissionDenied(_("Only a manager can assign complaints."))
    if to is not None and not to.in_complaint_team:
        raise PermissionDenied(_("Only the complaint team can own complaints."))
    with transaction.atomic():
        locked = _lock(complaint)
        if locked.owner_id == (to.pk if to else None):
            return locked
        return _change_owner(locked, to=to, by=by, now=now, how="assigned")


def route_to(complaint, *, to, now, rule):
    """Routing (DL-4) gives an unowned complaint to `to`; `rule` ({"rule": …, …}) is kept on
    the timeline so anyone can see why. A complaint someone owns already is left alone."""
    with transaction.atomic():
        locked = _lock(complaint)
        if locked.owner_id is not None:
            return locked
        return _change_owner(locked, to=to, by=None, now=now, how="routed", **rule)


def _lock(complaint):
    # of=("self",): PostgreSQL cannot lock the nullable side of the owner join.
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=complaint.pk)
    )


def _change_owner(complaint, *, to, by, now, how, **data):
    previous = complaint.owner
    complaint.owner = to
    complaint.save(update_fields=["owner", "updated_at"])
    record_event(
        complaint,
        TimelineEntry.Kind.ASSIGNED,
        at=now,
        actor=by,
        how=how,
        previous_owner=str(previous) if previous else "",
        new_owner=str(to) if to else "",
        **data,
    )
    return complaint
