import pytest
from django.core.exceptions import ValidationError

from complaints.models import Category, TimelineEntry
from workflow.categories import change_category, reclassify
from workflow.models import Process, Stage
from workflow.queries import default_process, process_for
from workflow.transitions import move_complaint


@pytest.fixture
def services(db):
    """A category with a short process of its own: New → Closed."""
    category = Category.objects.create(name="Services")
    process = Process.objects.create(name="Services")
    process.categories.add(category)
    Stage.objects.create(process=process, key="new", name="New", is_initial=True, position=1)
    Stage.objects.create(process=process, key="closed", name="Closed", is_final=True, position=2)
    return category


def test_a_complaint_follows_its_categorys_process(register, agent, now, services):
    goods = Category.objects.create(name="Goods")
    complaint = register()
    assert process_for(complaint) == default_process()

    change_category(complaint, category=goods, by=agent, now=now)
    assert process_for(complaint) == default_process()
    change_category(complaint, category=services, by=agent, now=now)

    complaint.refresh_from_db()
    assert complaint.category == services
    assert process_for(complaint).name == "Services"
    entries = complaint.timeline.filter(kind=TimelineEntry.Kind.CLASSIFIED)
    assert [entry.data["category"] for entry in entries] == [["", "Goods"], ["Goods", "Services"]]


def test_a_category_whose_process_lacks_the_stage_is_refused(register, agent, now, services):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)

    with pytest.raises(ValidationError, match="has no stage “Verification”"):
        change_category(complaint, category=services, by=agent, now=now)

    complaint.refresh_from_db()
    assert complaint.category is None
    assert not complaint.timeline.filter(kind=TimelineEntry.Kind.CLASSIFIED).exists()


def test_a_category_no_longer_offered_cannot_be_chosen(register, agent, now):
    retired = Category.objects.create(name="Retired", is_active=False)
    complaint = register()

    with pytest.raises(ValidationError, match="no longer in use"):
        change_category(complaint, category=retired, by=agent, now=now)


def test_reclassify_is_all_or_nothing(register, agent, now):
    complaint = register()

    with pytest.raises(ValidationError):
        reclassify(
            complaint,
            by=agent,
            now=now,
            priority=40,
            category=None,
            type="delivery",
            complexity=30,
            tags=["y" * 51],
        )

    complaint.refresh_from_db()
    assert (complaint.priority, complaint.type, complaint.complexity) == (20, "", 20)
    assert not complaint.timeline.exclude(kind=TimelineEntry.Kind.REGISTERED).exists()
