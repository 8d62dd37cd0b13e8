import pytest
from django.core.exceptions import ValidationError

from complaints.models import TimelineEntry
from complaints.notes import add_note


def test_notes_are_internal_or_public(register, agent, now):
    complaint = register()

    internal = add_note(
        complaint, text=" Customer sounded upset. ", is_public=False, by=agent, now=now
    )
    public = add_note(complaint, text="We ordered the part.", is_public=True, by=agent, now=now)

    assert internal.kind == TimelineEntry.Kind.NOTE
    assert internal.text == "Customer sounded upset."
    assert not internal.is_public
    assert public.is_public
    assert public.actor == agent


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_001])
def test_empty_or_huge_notes_are_refused(register, agent, now, text):
    complaint = register()

    with pytest.raises(ValidationError):
        add_note(complaint, text=text, is_public=False, by=agent, now=now)
    assert not complaint.timeline.filter(kind=TimelineEntry.Kind.NOTE).exists()


def test_priority_changes_are_recorded_once(register, agent, now):
    from complaints.classification import set_priority

    complaint = register()

    set_priority(complaint, priority=40, by=agent, now=now)
    set_priority(complaint, priority=40, by=agent, now=now)

    complaint.refresh_from_db()
    assert complaint.priority == 40
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.PRIORITY)
    assert entry.data == {"previous": 20, "priority": 40}
    assert entry.priority_label == "Urgent"
    with pytest.raises(ValidationError):
        set_priority(complaint, priority=99, by=agent, now=now)
