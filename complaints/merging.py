"""Merge duplicates and link related complaints (WF-9).

A merge folds a duplicate into the complaint that survives: the duplicate's timeline entries
and attachments move to the survivor (keeping their dates, marked with the duplicate's
reference), the duplicate points to the survivor (`merged_into`) and leaves the working views,
and both are linked.

What else hangs on a complaint, and why it is treated as it is:

* Decisions, checklist marks and resolution actions (workflow app) stay with the duplicate.
  A decision is the answer given to that complaint's customer; moving it would make the
  survivor look decided without its own process having decided it. The timeline entries that
  tell about them do move, so the survivor's staff read the whole story.
* Answers to custom fields (customfields app), category, type, tags and priority stay with
  the duplicate too: they describe its own product and case, and the survivor has its own.
* The duplicate's stage and owner stay as they were: the history of the duplicate remains true;
  it is simply no longer worked on.
* Links of the duplicate move to the survivor (the related cases now relate to the one still
  worked on); complaints merged earlier into the duplicate are pointed at the survivor, so
  every merged complaint points straight at a complaint that is not merged, and a chain or a
  cycle cannot form.
* `repeat_of` is left alone: it records what the customer complained about before, and the
  earlier complaint's page says where it continues.
* Entries that were public stay public on the survivor only when both complaints have the
  same customer; otherwise they become internal, so that one customer never reads what was
  written to another.

The complaints app depends on no other app of ours, so none of this imports the workflow.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from complaints.models import Attachment, Complaint, ComplaintLink, TimelineEntry
from complaints.queries import visible_complaints
from complaints.timeline import record_event


def merge_complaint(duplicate, *, into, by, now):
    """Fold `duplicate` into the survivor `into`; returns the duplicate, merged.

    Locks both rows (in primary-key order, so that two merges of the same pair cannot
    deadlock) and refuses with a ValidationError, changing nothing: a merge into itself, a
    duplicate merged already, a survivor that is merged itself, a cycle, or a complaint that
    `by` may not see.
    """
    with transaction.atomic():
        duplicate, survivor = _lock_pair(duplicate, into)
        _check_visible(by, duplicate, survivor)
        check_merge(duplicate, into=survivor)
        moved_entries = _move_timeline(duplicate, survivor)
        moved_attachments = Attachment.objects.filter(complaint=duplicate).update(
            complaint=survivor
        )
        moved_links = _move_links(duplicate, survivor)
        Complaint.objects.filter(merged_into=duplicate).update(merged_into=survivor)
        duplicate.merged_into = survivor
        duplicate.save(update_fields=["merged_into", "updated_at"])
        _create_link(duplicate, survivor, by=by, now=now)
        counts = {
            "entries": moved_entries,
            "attachments": moved_attachments,
            "links": moved_links,
        }
        record_event(
            duplicate,
            TimelineEntry.Kind.MERGED,
            at=now,
            actor=by,
            role="duplicate",
            into=survivor.reference,
            **counts,
        )
        record_event(
            duplicate,
            TimelineEntry.Kind.MERGED,
            at=now,
            actor=by,
            is_public=True,
            role="notice",
            into=survivor.reference,
            text=_customer_notice(duplicate, survivor),
        )
        record_event(
            survivor,
            TimelineEntry.Kind.MERGED,
            at=now,
            actor=by,
            role="survivor",
            duplicate=duplicate.reference,
            **counts,
        )
    return duplicate


def _customer_notice(duplicate, survivor):
    # Written in the duplicate's customer's language: they read it, not the agent.
    with translation.override(duplicate.language or None):
        return _(
            "Your complaint is handled together with complaint %(reference)s and continues "
            "under that reference."
        ) % {"reference": survivor.reference}


def link_complaints(complaint, other, *, by, now):
    """Link two related complaints; records a LINKED entry on both.

    Locks both rows in primary-key order. Refuses a link of a complaint to itself, a pair
    linked already, a merged complaint, and a complaint `by` may not see.
    """
    with transaction.atomic():
        first, second = _lock_pair(complaint, other)
        _check_visible(by, first, second)
        if first.pk == second.pk:
            raise ValidationError(_("A complaint cannot be linked to itself."))
        for locked in (first, second):
            if locked.merged_into_id:
                raise ValidationError(
                    _("%(reference)s was merged into %(survivor)s; link %(survivor)s instead.")
                    % {"reference": locked.reference, "survivor": locked.merged_into.reference}
                )
        if _link_between(first, second).exists():
            raise ValidationError(
                _("%(first)s and %(second)s are linked already.")
                % {"first": first.reference, "second": second.reference}
            )
        _create_link(first, second, by=by, now=now)
        _record_on_both(first, second, action="linked", by=by, now=now)


def unlink_complaints(complaint, other, *, by, now):
    """Remove the link between two complaints; records a LINKED entry on both.

    The link between a merged complaint and its survivor stays: it is part of the merge.
    """
    with transaction.atomic():
        first, second = _lock_pair(complaint, other)
        _check_visible(by, first, second)
        if first.pk == second.pk:
            raise ValidationError(_("A complaint is never linked to itself."))
        if first.merged_into_id == second.pk or second.merged_into_id == first.pk:
            raise ValidationError(
                _("%(first)s and %(second)s were merged; that link stays.")
                % {"first": first.reference, "second": second.reference}
            )
        deleted, _rows = _link_between(first, second).delete()
        if not deleted:
            raise ValidationError(
                _("%(first)s and %(second)s are not linked.")
                % {"first": first.reference, "second": second.reference}
            )
        _record_on_both(first, second, action="unlinked", by=by, now=now)


def _record_on_both(first, second, *, action, by, now):
    """A LINKED entry on each of the two complaints, naming the other."""
    for here, there in ((first, second), (second, first)):
        record_event(
            here, TimelineEntry.Kind.LINKED, at=now, actor=by, action=action, other=there.reference
        )


def linked_complaints(complaint):
    """The complaints linked to `complaint`, in either direction, oldest first (one query)."""
    return (
        Complaint.objects.filter(
            Q(pk__in=ComplaintLink.objects.filter(complaint=complaint).values("other"))
            | Q(pk__in=ComplaintLink.objects.filter(other=complaint).values("complaint"))
        )
        .select_related("customer")
        .order_by("received_at", "pk")
    )


def _lock_pair(first, second):
    """Both rows locked, in primary-key order; returned in the order they were asked for."""
    pks = sorted({first.pk, second.pk})
    # of=("self",): PostgreSQL cannot lock the nullable side of the merged_into join.
    locked = {
        complaint.pk: complaint
        for complaint in Complaint.objects.select_for_update(of=("self",))
        .select_related("merged_into")
        .filter(pk__in=pks)
        .order_by("pk")
    }
    return locked[first.pk], locked[second.pk]


def _check_visible(user, *complaints):
    pks = {complaint.pk for complaint in complaints}
    if visible_complaints(user).filter(pk__in=pks).count() != len(pks):
        raise ValidationError(_("There is no complaint with that reference."))


def check_merge(duplicate, *, into):
    """Raise a ValidationError saying why `duplicate` cannot be merged into `into`, if so.

    merge_complaint() checks again on the locked rows; call this to warn before asking.
    """
    survivor = into
    if duplicate.pk == survivor.pk:
        raise ValidationError(_("A complaint cannot be merged into itself."))
    if _merged_into_chain(survivor, duplicate):
        raise ValidationError(
            _(
                "%(survivor)s was merged into %(duplicate)s; merging %(duplicate)s into it "
                "would make a cycle."
            )
            % {"survivor": survivor.reference, "duplicate": duplicate.reference}
        )
    if duplicate.merged_into_id:
        raise ValidationError(
            _("%(reference)s was merged into %(survivor)s already.")
            % {"reference": duplicate.reference, "survivor": duplicate.merged_into.reference}
        )
    if survivor.merged_into_id:
        raise ValidationError(
            _("%(reference)s was itself merged into %(survivor)s. Merge into %(survivor)s instead.")
            % {"reference": survivor.reference, "survivor": survivor.merged_into.reference}
        )


def _merged_into_chain(complaint, target):
    """Whether following `merged_into` from `complaint` reaches `target`."""
    seen = {complaint.pk}
    pk = complaint.merged_into_id
    while pk is not None and pk not in seen:
        if pk == target.pk:
            return True
        seen.add(pk)
        pk = Complaint.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()
    return False


def _move_timeline(duplicate, survivor):
    """Move every entry, keeping its date; mark it with where it came from."""
    same_customer = duplicate.customer_id == survivor.customer_id
    entries = list(TimelineEntry.objects.filter(complaint=duplicate))
    for entry in entries:
        entry.complaint = survivor
        # Entries that moved before (from a complaint merged into this duplicate) keep
        # the reference they first came from.
        entry.data.setdefault("merged_from", duplicate.reference)
        if entry.is_public and not same_customer:
            entry.is_public = False
            entry.data["was_public"] = True
    TimelineEntry.objects.bulk_update(entries, ["complaint", "data", "is_public"], batch_size=500)
    return len(entries)


def _move_links(duplicate, survivor):
    """Re-attach the duplicate's links to the survivor, skipping pairs it has already."""
    links = list(ComplaintLink.objects.filter(Q(complaint=duplicate) | Q(other=duplicate)))
    ComplaintLink.objects.filter(pk__in=[link.pk for link in links]).delete()
    linked = set(linked_complaints(survivor).values_list("pk", flat=True)) | {survivor.pk}
    moved = []
    for link in links:
        other_pk = link.other_id if link.complaint_id == duplicate.pk else link.complaint_id
        if other_pk in linked:
            continue
        linked.add(other_pk)
        moved.append(
            ComplaintLink(
                complaint_id=min(other_pk, survivor.pk),
                other_id=max(other_pk, survivor.pk),
                created_by_id=link.created_by_id,
                created_at=link.created_at,
            )
        )
    ComplaintLink.objects.bulk_create(moved)
    return len(moved)


def _link_between(first, second):
    low, high = sorted((first.pk, second.pk))
    return ComplaintLink.objects.filter(complaint_id=low, other_id=high)


def _create_link(first, second, *, by, now):
    if _link_between(first, second).exists():
        return
    low, high = sorted((first.pk, second.pk))
    ComplaintLink.objects.create(complaint_id=low, other_id=high, created_by=by, created_at=now)


def link_from_intake(complaint, other, *, now):
    """Link a complaint a channel opened to the one it referred to, without a member of staff.

    Used when a stranger writes about someone else's case (IN-4): their message opens a new
    complaint and staff see the two are related. There is nobody whose visibility to check,
    and both LINKED entries are internal, so neither customer learns of the other's case.
    A merged `other` is linked through its survivor; a pair linked already stays as it is.
    """
    while other.merged_into_id:
        other = other.merged_into
    if other.pk == complaint.pk or _link_between(complaint, other).exists():
        return
    _create_link(complaint, other, by=None, now=now)
    _record_on_both(complaint, other, action="linked", by=None, now=now)
