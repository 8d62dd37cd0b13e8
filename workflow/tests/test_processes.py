import pytest
from django.core.exceptions import ValidationError

from complaints.models import Category
from workflow.categories import change_category
from workflow.configuration import copy_process, delete_process, set_category_process
from workflow.models import Process
from workflow.queries import default_process, process_for
from workflow.transitions import move_complaint

pytestmark = pytest.mark.django_db


def test_a_copied_process_has_the_same_stages_and_transitions():
    default = default_process()

    copy = copy_process(default, name=" B2B ")

    assert copy.name == "B2B" and not copy.is_default
    keys = list(copy.stages.values_list("key", "is_initial", "is_final"))
    assert keys == list(default.stages.values_list("key", "is_initial", "is_final"))
    pairs = set(copy.transitions.values_list("source__key", "target__key", "requires_reason"))
    assert pairs == set(
        default.transitions.values_list("source__key", "target__key", "requires_reason")
    )
    assert not copy.transitions.exclude(source__process=copy).exists()


@pytest.mark.parametrize("name", ["", "  ", "default PROCESS"])
def test_a_process_needs_a_new_name(name):
    with pytest.raises(ValidationError):
        copy_process(default_process(), name=name)
    assert Process.objects.count() == 1


def test_a_category_moves_to_another_process_and_back(register, agent, now):
    goods = Category.objects.create(name="Goods")
    b2b = copy_process(default_process(), name="B2B")
    complaint = register()
    complaint = change_category(complaint, category=goods, by=agent, now=now)

    set_category_process(goods, b2b)
    assert process_for(complaint) == b2b
    set_category_process(goods, default_process())
    assert process_for(complaint) == default_process()
    assert not b2b.categories.exists()


def test_a_category_cannot_move_to_a_process_lacking_its_complaints_stages(register, agent, now):
    goods = Category.objects.create(name="Goods")
    short = Process.objects.create(name="Short")
    short.stages.create(key="new", name="New", is_initial=True)
    complaint = register()
    complaint = change_category(complaint, category=goods, by=agent, now=now)
    move_complaint(complaint, to="verification", by=agent, now=now)

    with pytest.raises(ValidationError, match=r"does not have \(verification\)"):
        set_category_process(goods, short)

    assert process_for(complaint) == default_process()


def test_only_a_process_nobody_follows_can_be_removed(register, agent, now):
    goods = Category.objects.create(name="Goods")
    b2b = copy_process(default_process(), name="B2B")
    set_category_process(goods, b2b)
    complaint = register()
    complaint = change_category(complaint, category=goods, by=agent, now=now)

    with pytest.raises(ValidationError, match="1 complaint follows"):
        delete_process(b2b)
    with pytest.raises(ValidationError, match="default process cannot be removed"):
        delete_process(default_process())

    change_category(complaint, category=None, by=agent, now=now)
    delete_process(b2b)
    assert list(Process.objects.all()) == [default_process()]
