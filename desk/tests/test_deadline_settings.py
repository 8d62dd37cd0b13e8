"""Settings: service levels, legal terms and calendars (DL-1, DL-2), and what saving them
does to the due dates already running."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from deadlines.configuration import recompute_open_clocks
from deadlines.models import Calendar, DayOff, LegalRule, SlaPolicy
from workflow.transitions import move_complaint

SETTINGS = "/desk/settings/deadlines/"


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def test_only_admins_see_the_deadline_settings(client, agent, manager, admin_user, register):
    register()  # ships the default policy, rules and calendar
    for user in (agent, manager):
        client.force_login(user)
        assert client.get(SETTINGS).status_code in (302, 403)
        assert client.post("/desk/settings/deadlines/policies/new/", {}).status_code in (302, 403)
    assert SlaPolicy.objects.count() == 1

    client.force_login(admin_user)
    html = client.get(SETTINGS).content.decode()
    assert "Standard: first response in 24 h" in html
    assert "Poland, consumer, goods" in html
    assert "Europe/Warsaw" in html


@pytest.mark.django_db(transaction=True)
def test_a_longer_resolution_target_moves_the_due_dates_of_open_complaints(
    client, admin_user, register, agent, now
):
    open_one = register()
    closed = register(submission_key="closed")
    move_complaint(closed, to="rejected", by=agent, now=now, reason="Duplicate")
    before_open = open_one.clock.resolution_due
    closed.clock.refresh_from_db()
    before_closed = closed.clock.resolution_due
    policy = SlaPolicy.objects.get()
    client.force_login(admin_user)

    response = client.post(
        f"/desk/settings/deadlines/policies/{policy.pk}/",
        {
            "name": policy.name,
            "first_response_hours": 24,
            "resolution_hours": 80,
            "warn_at_percent": 75,
            "is_active": "on",
        },
        follow=True,
    )
    assert "being recomputed in the background" in response.content.decode()
    run_worker()

    open_one.clock.refresh_from_db()
    closed.clock.refresh_from_db()
    assert open_one.clock.resolution_due - before_open >= timedelta(days=7)
    assert closed.clock.resolution_due == before_closed  # a stopped clock keeps its history


def test_bad_policy_values_are_refused_with_messages(client, admin_user, register):
    register()
    policy = SlaPolicy.objects.get()
    client.force_login(admin_user)

    response = client.post(
        f"/desk/settings/deadlines/policies/{policy.pk}/",
        {"name": "", "first_response_hours": 0, "resolution_hours": -5, "warn_at_percent": 100},
    )

    errors = response.context["form"].errors
    assert set(errors) >= {"name", "first_response_hours", "resolution_hours", "warn_at_percent"}
    policy.refresh_from_db()
    assert policy.resolution_hours == 40


def test_a_new_policy_for_urgent_complaints_applies_to_those_already_open(
    client, admin_user, register, now
):
    urgent = register(priority=40)
    normal = register(submission_key="n")
    normal_due = normal.clock.resolution_due
    client.force_login(admin_user)

    client.post(
        "/desk/settings/deadlines/policies/new/",
        {
            "name": "Urgent: one working day",
            "priority": 40,
            "first_response_hours": 2,
            "resolution_hours": 8,
            "warn_at_percent": 50,
            "is_active": "on",
        },
    )
    assert recompute_open_clocks(now=now) == 2

    urgent.clock.refresh_from_db()
    normal.clock.refresh_from_db()
    assert urgent.clock.policy.name == "Urgent: one working day"
    assert urgent.clock.resolution_due < normal.clock.resolution_due
    assert normal.clock.resolution_due == normal_due


def test_a_company_day_off_moves_due_dates_and_is_refused_twice(client, admin_user, register, now):
    complaint = register()  # Monday 2 March 2026, due five working days later
    due = complaint.clock.resolution_due
    calendar = Calendar.objects.get(is_default=True)
    client.force_login(admin_user)
    url = f"/desk/settings/deadlines/calendars/{calendar.pk}/"

    client.post(url, {"add_day": "", "day-date": "2026-03-04", "day-name": "Bridge day"})
    recompute_open_clocks(now=now)
    complaint.clock.refresh_from_db()
    assert complaint.clock.resolution_due - due == timedelta(days=1)

    again = client.post(url, {"add_day": "", "day-date": "2026-03-04", "day-name": "Again"})
    assert again.context["day_form"].non_field_errors()
    assert DayOff.objects.count() == 1

    day = DayOff.objects.get()
    assert client.get(f"/desk/settings/deadlines/days-off/{day.pk}/remove/").status_code == 405
    client.post(f"/desk/settings/deadlines/days-off/{day.pk}/remove/")
    recompute_open_clocks(now=now)
    complaint.clock.refresh_from_db()
    assert complaint.clock.resolution_due == due
    assert DayOff.objects.filter(date=date(2026, 3, 4)).count() == 0


def test_a_calendar_with_an_unknown_country_or_zone_is_refused(client, admin_user, register):
    register()
    calendar = Calendar.objects.get(is_default=True)
    client.force_login(admin_user)

    response = client.post(
        f"/desk/settings/deadlines/calendars/{calendar.pk}/",
        {
            "calendar-name": "Nowhere",
            "calendar-country": "XX",
            "calendar-time_zone": "Mars/Olympus",
            "calendar-working_weekdays": [],
            "calendar-work_starts": "17:00",
            "calendar-work_ends": "09:00",
        },
    )

    errors = response.context["form"].errors
    assert {"country", "time_zone", "working_weekdays"} <= set(errors)
    calendar.refresh_from_db()
    assert calendar.name == "Poland, Monday to Friday 9-17"


def test_a_region_must_exist_in_the_country(client, admin_user, register):
    register()
    client.force_login(admin_user)

    response = client.post(
        "/desk/settings/deadlines/calendars/new/",
        {
            "calendar-name": "UK office",
            "calendar-country": "GB",
            "calendar-subdivision": "XYZ",
            "calendar-time_zone": "Europe/London",
            "calendar-working_weekdays": [0, 1, 2, 3, 4],
            "calendar-work_starts": "09:00",
            "calendar-work_ends": "17:30",
        },
    )
    assert "ENG" in str(response.context["form"].errors["subdivision"])

    client.post(
        "/desk/settings/deadlines/calendars/new/",
        {
            "calendar-name": "UK office",
            "calendar-country": "gb",
            "calendar-subdivision": "eng",
            "calendar-time_zone": "Europe/London",
            "calendar-working_weekdays": [0, 1, 2, 3, 4],
            "calendar-work_starts": "09:00",
            "calendar-work_ends": "17:30",
        },
    )
    uk = Calendar.objects.get(name="UK office")
    assert (uk.country, uk.subdivision, uk.is_default) == ("GB", "ENG", False)

    client.post(f"/desk/settings/deadlines/calendars/{uk.pk}/default/")
    assert Calendar.objects.get(is_default=True) == uk


def test_a_legal_term_is_edited_and_its_complex_case_must_be_longer(client, admin_user, register):
    register()
    rule = LegalRule.objects.get(name__startswith="Poland, consumer, goods")
    client.force_login(admin_user)
    data = {
        "name": rule.name,
        "jurisdiction": "PL",
        "customer_type": "consumer",
        "subject": "goods",
        "days": 14,
        "extended_days": 10,
        "stops_at": "delivery",
        "consequence": "deemed_accepted",
        "description": rule.description,
        "is_active": "on",
    }

    refused = client.post(f"/desk/settings/deadlines/legal/{rule.pk}/", data)
    assert "extended_days" in refused.context["form"].errors

    client.post(f"/desk/settings/deadlines/legal/{rule.pk}/", {**data, "extended_days": ""})
    rule.refresh_from_db()
    assert rule.extended_days is None
    assert "art. 7a" in rule.description  # the legal source is kept


def test_a_financial_market_entity_answers_in_30_days_extendable_to_60(
    client, admin_user, register, now
):
    complaint = register()
    assert complaint.clock.legal_rule.name.startswith("Poland, consumer")
    client.force_login(admin_user)

    response = client.post(SETTINGS, {"financial_market_entity": "on"}, follow=True)
    assert "being recomputed in the background" in response.content.decode()
    recompute_open_clocks(now=now)

    complaint.clock.refresh_from_db()
    rule = complaint.clock.legal_rule
    assert rule.name.startswith("Poland, financial-market entity")
    assert (rule.days, rule.extended_days) == (30, 60)
    # Received Monday 2 March 2026: the 30th day is Wednesday 1 April.
    assert complaint.clock.legal_last_day == date(2026, 4, 1)
    assert 'id="id_financial_market_entity" checked' in client.get(SETTINGS).content.decode()

    client.post(SETTINGS, {})
    recompute_open_clocks(now=now)
    complaint.clock.refresh_from_db()
    assert complaint.clock.legal_rule.name.startswith("Poland, consumer")
