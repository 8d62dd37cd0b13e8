from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.departments import delete_department, save_department
from accounts.models import Department
from consultations.opinions import request_opinion


def test_a_department_is_created_renamed_and_given_members(agent, specialist):
    department = save_department(name="  Technical   service ", members=[specialist])

    assert department.name == "Technical service"
    save_department(department, name="Service lab", members=[specialist, agent])

    department.refresh_from_db()
    assert department.name == "Service lab"
    assert set(department.members.all()) == {specialist, agent}
    assert list(specialist.departments.all()) == [department]


@pytest.mark.parametrize("name", ["", "   ", "quality", "QUALITY "])
def test_blank_or_taken_names_are_refused(db, name):
    save_department(name="Quality", members=[])

    with pytest.raises(ValidationError) as refused:
        save_department(name=name, members=[])

    assert "name" in refused.value.message_dict
    assert Department.objects.count() == 1


def test_keeping_the_own_name_in_another_case_is_fine(db):
    department = save_department(name="Quality", members=[])

    assert save_department(department, name="QUALITY", members=[]).name == "QUALITY"


def test_inactive_accounts_cannot_be_members(specialist):
    department = save_department(name="Lab", members=[])
    specialist.is_active = False
    specialist.save()

    with pytest.raises(ValidationError) as refused:
        save_department(department, name="Renamed", members=[specialist])

    assert "members" in refused.value.message_dict
    department.refresh_from_db()
    assert (department.name, department.members.count()) == ("Lab", 0)


def test_a_department_that_was_asked_is_kept(register, agent, specialist, now):
    asked = save_department(name="Lab", members=[specialist])
    request_opinion(
        register(), department=asked, question="Q", due=date(2026, 3, 9), by=agent, now=now
    )
    unused = save_department(name="Unused", members=[specialist])

    with pytest.raises(ValidationError, match="was asked for opinions"):
        delete_department(asked)
    delete_department(unused)

    assert list(Department.objects.all()) == [asked]
    assert list(specialist.departments.all()) == [asked]
