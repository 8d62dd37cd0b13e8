import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from complaints.customers import Contact
from complaints.merging import (
    link_complaints,
    linked_complaints,
    merge_complaint,
    unlink_complaints,
)
from complaints.models import Complaint, ComplaintLink, TimelineEntry
from complaints.notes import add_note
from complaints.ownership import take_complaint
from conftest import photo, receipt

OTHER_CUSTOMER = Contact(name="Dorota Different", email="dorota@example.com")


def snapshot(*complaints):
    """Everything a merge or link touches, to show a refusal changed nothing."""
    pks = [complaint.pk for complaint in complaints]
    return {
        "complaints": list(
            Complaint.objects.filter(pk__in=pks).order_by("pk").values("pk", "merged_into_id")
        ),
        "entries": list(
            TimelineEntry.objects.filter(complaint__in=pks)
            .order_by("pk")
            .values("pk", "complaint_id", "is_public", "data")
        ),
        "attachments": sorted(
            (complaint.pk, attachment.pk)
            for complaint in Complaint.objects.filter(pk__in=pks)
            for attachment in complaint.attachments.all()
        ),
        "links": list(ComplaintLink.objects.order_by("pk").values("complaint_id", "other_id")),
    }


@pytest.fixture
def pair(register, now):
    duplicate = register(uploads=[photo("lid.jpg"), receipt()], received_at=now - timedelta(days=2))
    survivor = register(received_at=now - timedelta(days=1))
    return duplicate, survivor


def test_merge_moves_the_timeline_and_attachments_to_the_survivor(pair, agent, now):
    duplicate, survivor = pair
    take_complaint(duplicate, agent=agent, now=now - timedelta(days=1, hours=1))
    moved = {
        entry.pk: entry.created_at for entry in TimelineEntry.objects.filter(complaint=duplicate)
    }
    attachments = set(duplicate.attachments.values_list("pk", flat=True))
    assert len(moved) == 2 and len(attachments) == 2

    merge_complaint(duplicate, into=survivor, by=agent, now=now)

    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert set(survivor.attachments.values_list("pk", flat=True)) == attachments
    assert not duplicate.attachments.exists()
    for pk, created_at in moved.items():
        entry = TimelineEntry.objects.get(pk=pk)
        assert entry.complaint == survivor
        assert entry.created_at == created_at  # the original date is kept
        assert entry.data["merged_from"] == duplicate.reference
    survivor_note = survivor.timeline.get(kind=TimelineEntry.Kind.MERGED)
    assert survivor_note.data["duplicate"] == duplicate.reference
    assert survivor_note.data["entries"] == 2
    assert survivor_note.data["attachments"] == 2
    assert not survivor_note.is_public
    internal, public = duplicate.timeline.filter(kind=TimelineEntry.Kind.MERGED).order_by(
        "is_public"
    )
    assert not internal.is_public and internal.data["into"] == survivor.reference
    assert public.is_public and survivor.reference in public.text
    assert list(linked_complaints(survivor)) == [duplicate]


def test_public_entries_stay_public_only_when_the_customer_is_the_same(register, agent, now):
    same_customer = register()
    other_customer = register(contact=OTHER_CUSTOMER)
    survivor = register()
    for complaint in (same_customer, other_customer):
        add_note(complaint, text=f"Dear customer of {complaint}", is_public=True, by=agent, now=now)

    merge_complaint(same_customer, into=survivor, by=agent, now=now)
    merge_complaint(other_customer, into=survivor, by=agent, now=now)

    kept = survivor.timeline.get(text=f"Dear customer of {same_customer}")
    hidden = survivor.timeline.get(text=f"Dear customer of {other_customer}")
    assert kept.is_public
    assert not hidden.is_public and hidden.data["was_public"] is True


def test_customer_notice_is_written_in_the_duplicates_language(register, agent, now):
    duplicate = register(language="pl")
    survivor = register()

    merge_complaint(duplicate, into=survivor, by=agent, now=now)

    notice = duplicate.timeline.get(kind=TimelineEntry.Kind.MERGED, is_public=True)
    assert survivor.reference in notice.text


def test_merge_carries_links_and_earlier_merges_over_to_the_survivor(register, agent, now):
    older = register()
    duplicate = register()
    survivor = register()
    related = register()
    both = register()
    merge_complaint(older, into=duplicate, by=agent, now=now)
    link_complaints(duplicate, related, by=agent, now=now)
    link_complaints(duplicate, both, by=agent, now=now)
    link_complaints(survivor, both, by=agent, now=now)

    merge_complaint(duplicate, into=survivor, by=agent, now=now)

    older.refresh_from_db()
    assert older.merged_into == survivor  # every merged complaint points at a live one
    # The link of the earlier merge follows it: older is linked to the survivor now.
    assert set(linked_complaints(survivor)) == {older, duplicate, related, both}
    assert list(linked_complaints(duplicate)) == [survivor]
    entry = survivor.timeline.filter(data__merged_from=older.reference).first()
    assert entry is not None  # entries moved twice keep where they first came from


def test_refused_merge_into_itself_changes_nothing(pair, agent, now):
    duplicate, _survivor = pair
    before = snapshot(duplicate)

    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        merge_complaint(duplicate, into=duplicate, by=agent, now=now)

    assert snapshot(duplicate) == before


def test_refused_merge_in_a_cycle_changes_nothing(pair, agent, now):
    first, second = pair
    merge_complaint(first, into=second, by=agent, now=now)
    before = snapshot(first, second)

    with pytest.raises(ValidationError, match="would make a cycle"):
        merge_complaint(second, into=first, by=agent, now=now)

    assert snapshot(first, second) == before


def test_refused_merge_into_a_merged_complaint_names_where_it_went(pair, register, agent, now):
    merged, survivor = pair
    merge_complaint(merged, into=survivor, by=agent, now=now)
    third = register()
    before = snapshot(merged, survivor, third)

    with pytest.raises(ValidationError) as caught:
        merge_complaint(third, into=merged, by=agent, now=now)

    assert caught.value.messages == [
        f"{merged.reference} was itself merged into {survivor.reference}. "
        f"Merge into {survivor.reference} instead."
    ]
    assert snapshot(merged, survivor, third) == before


def test_refused_merge_of_a_complaint_merged_already(pair, register, agent, now):
    merged, survivor = pair
    merge_complaint(merged, into=survivor, by=agent, now=now)
    third = register()
    before = snapshot(merged, survivor, third)

    with pytest.raises(ValidationError, match=r"merged into .* already"):
        merge_complaint(merged, into=third, by=agent, now=now)

    assert snapshot(merged, survivor, third) == before


def test_refused_merge_of_a_complaint_the_user_may_not_see(pair, agent, other_agent, now):
    duplicate, survivor = pair
    take_complaint(survivor, agent=other_agent, now=now)
    before = snapshot(duplicate, survivor)

    with pytest.raises(ValidationError, match="no complaint with that reference"):
        merge_complaint(duplicate, into=survivor, by=agent, now=now)

    assert snapshot(duplicate, survivor) == before


def test_link_is_stored_once_and_read_from_both_sides(pair, agent, now):
    first, second = pair

    link_complaints(second, first, by=agent, now=now)

    link = ComplaintLink.objects.get()
    assert (link.complaint_id, link.other_id) == (first.pk, second.pk)
    assert link.created_by == agent and link.created_at == now
    assert list(linked_complaints(first)) == [second]
    assert list(linked_complaints(second)) == [first]
    for here, there in ((first, second), (second, first)):
        entry = here.timeline.get(kind=TimelineEntry.Kind.LINKED)
        assert entry.data == {"action": "linked", "other": there.reference}
        assert not entry.is_public


def test_linked_complaints_is_one_query(pair, register, agent, now, django_assert_num_queries):
    first, second = pair
    third = register()
    link_complaints(first, second, by=agent, now=now)
    link_complaints(third, first, by=agent, now=now)

    with django_assert_num_queries(1):
        found = [(other.reference, other.customer.name) for other in linked_complaints(first)]

    assert [reference for reference, _name in found] == [second.reference, third.reference]


def test_refused_links_change_nothing(pair, register, agent, other_agent, now):
    first, second = pair
    link_complaints(first, second, by=agent, now=now)
    merged = register()
    merge_complaint(merged, into=second, by=agent, now=now)
    hidden = register()
    take_complaint(hidden, agent=other_agent, now=now)
    before = snapshot(first, second, merged, hidden)

    for complaint, other, message in (
        (first, first, "cannot be linked to itself"),
        (second, first, "linked already"),
        (first, merged, f"link {second.reference} instead"),
        (first, hidden, "no complaint with that reference"),
    ):
        with pytest.raises(ValidationError, match=message):
            link_complaints(complaint, other, by=agent, now=now)

    assert snapshot(first, second, merged, hidden) == before


def test_unlink_removes_the_link_and_records_it_on_both(pair, agent, now):
    first, second = pair
    link_complaints(first, second, by=agent, now=now)

    unlink_complaints(second, first, by=agent, now=now)

    assert not ComplaintLink.objects.exists()
    assert list(linked_complaints(first)) == []
    for here, there in ((first, second), (second, first)):
        entry = here.timeline.filter(kind=TimelineEntry.Kind.LINKED).last()
        assert entry.data == {"action": "unlinked", "other": there.reference}


def test_refused_unlinks_change_nothing(pair, register, agent, now):
    first, second = pair
    unrelated = register()
    merge_complaint(first, into=second, by=agent, now=now)
    before = snapshot(first, second, unrelated)

    for complaint, other, message in (
        (first, second, "were merged; that link stays"),
        (second, unrelated, "are not linked"),
        (second, second, "never linked to itself"),
    ):
        with pytest.raises(ValidationError, match=message):
            unlink_complaints(complaint, other, by=agent, now=now)

    assert snapshot(first, second, unrelated) == before


@pytest.mark.django_db(transaction=True)
def test_opposite_merges_at_the_same_moment_make_one_merge_and_no_cycle(register, agent, now):
    first = register()
    second = register()
    barrier = threading.Barrier(2, timeout=30)
    outcomes = []

    def merge(duplicate, survivor):
        try:
            barrier.wait()
            merge_complaint(duplicate, into=survivor, by=agent, now=now)
            outcomes.append("merged")
        except ValidationError as refusal:
            outcomes.append(refusal.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=merge, args=(first, second)),
        threading.Thread(target=merge, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 2 and outcomes.count("merged") == 1
    refusal = next(outcome for outcome in outcomes if outcome != "merged")
    assert "would make a cycle" in refusal
    merged = Complaint.objects.filter(merged_into__isnull=False)
    assert merged.count() == 1
    assert TimelineEntry.objects.filter(kind=TimelineEntry.Kind.MERGED).count() == 3
