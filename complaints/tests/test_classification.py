import pytest
from django.core.exceptions import ValidationError

from complaints.classification import add_tags, classify, parse_tag_names, set_tags
from complaints.models import Tag, TimelineEntry


def classified(complaint):
    return list(complaint.timeline.filter(kind=TimelineEntry.Kind.CLASSIFIED))


def test_tag_names_are_trimmed_and_deduplicated_ignoring_case():
    assert parse_tag_names(" urgent,  courier   damage ,URGENT,, ") == ["urgent", "courier damage"]


def test_tags_are_matched_case_insensitively_and_created_when_new(register, agent, now):
    Tag.objects.create(name="Urgent")
    complaint = register()

    set_tags(complaint, names=["urgent", "VIP"], by=agent, now=now)

    assert sorted(tag.name for tag in complaint.tags.all()) == ["Urgent", "VIP"]
    assert Tag.objects.count() == 2
    [entry] = classified(complaint)
    assert sorted(entry.data["tags_added"]) == ["Urgent", "VIP"]
    assert entry.actor == agent


def test_setting_tags_removes_the_others_and_add_keeps_them(register, agent, now):
    complaint = register()
    set_tags(complaint, names=["a", "b"], by=agent, now=now)

    set_tags(complaint, names=["b", "c"], by=agent, now=now)
    add_tags(complaint, names=["d", "b"], by=agent, now=now)
    add_tags(complaint, names=["d"], by=agent, now=now)

    assert sorted(tag.name for tag in complaint.tags.all()) == ["b", "c", "d"]
    entries = classified(complaint)
    assert len(entries) == 3  # the last add changed nothing, so it is not recorded
    assert entries[1].data == {"tags_added": ["c"], "tags_removed": ["a"]}


@pytest.mark.parametrize(
    "names, message",
    [
        (["x" * 51], "at most 50 characters"),
        ([f"tag {n}" for n in range(21)], "at most 20 tags"),
    ],
)
def test_bad_tags_are_refused_and_nothing_changes(register, agent, now, names, message):
    complaint = register()
    set_tags(complaint, names=["kept"], by=agent, now=now)

    with pytest.raises(ValidationError, match=message):
        set_tags(complaint, names=names, by=agent, now=now)

    assert [tag.name for tag in complaint.tags.all()] == ["kept"]
    assert list(Tag.objects.values_list("name", flat=True)) == ["kept"]


def test_type_and_complexity_changes_are_recorded(register, agent, now):
    complaint = register()

    classify(complaint, type="delivery", complexity=30, by=agent, now=now)
    classify(complaint, type="delivery", complexity=None, by=agent, now=now)

    complaint.refresh_from_db()
    assert (complaint.type, complaint.complexity) == ("delivery", 30)
    [entry] = classified(complaint)
    assert entry.data == {"type": ["", "delivery"], "complexity": [20, 30]}


@pytest.mark.parametrize("changes", [{"type": "weather"}, {"complexity": 99}])
def test_unknown_types_and_complexities_are_refused(register, agent, now, changes):
    complaint = register()

    with pytest.raises(ValidationError):
        classify(complaint, by=agent, now=now, **changes)

    complaint.refresh_from_db()
    assert (complaint.type, complaint.complexity) == ("", 20)
    assert not classified(complaint)
