import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from accounts.models import Role
from complaints.customers import Contact
from complaints.models import Category, Complaint, TimelineEntry
from conftest import make_staff
from notifications.models import OutboundEmail, StaffAlert
from routing.models import Absence, AgentProfile, Mode, Presence, RoutingSettings
from routing.rules import ensure_profiles, route_complaint


def turn_on(mode=Mode.ROUND_ROBIN, **switches):
    values = {
        "mode": mode,
        "match_categories": True,
        "match_languages": True,
        "respect_presence": True,
        "sticky_owner": False,
        **switches,
    }
    RoutingSettings.objects.update_or_create(pk=1, defaults=values)


def profile(user, **values):
    ensure_profiles()
    found = AgentProfile.objects.get(user=user)
    categories = values.pop("categories", None)
    for name, value in values.items():
        setattr(found, name, value)
    found.save()
    if categories is not None:
        found.categories.set(categories)
    return found


def customer(number):
    return Contact(name=f"Customer {number}", email=f"c{number}@example.com")


@pytest.fixture
def goods(db):
    return Category.objects.create(name="Goods")


@pytest.fixture
def services(db):
    return Category.objects.create(name="Services")


def owners(complaints):
    return [Complaint.objects.get(pk=c.pk).owner.username for c in complaints]


def test_round_robin_takes_turns(register, agent, other_agent, now):
    turn_on(Mode.ROUND_ROBIN)

    made = [register(contact=customer(n), received_at=now + timedelta(minutes=n)) for n in range(4)]

    assert owners(made) == ["agnes", "oscar", "agnes", "oscar"]
    assert made[0].owner == agent  # the returned complaint knows its owner too


def test_round_robin_order_follows_turns_not_receipt_times(register, agent, other_agent, now):
    """A letter registered today with last week's receipt date does not jump the queue."""
    turn_on(Mode.ROUND_ROBIN)
    first = register(contact=customer(1))
    late_letter = register(contact=customer(2), received_at=now - timedelta(days=7))
    third = register(contact=customer(3))

    assert owners([first, late_letter, third]) == ["agnes", "oscar", "agnes"]


def test_least_load_picks_the_agent_with_fewest_open_complaints(register, agent, other_agent, now):
    turn_on(Mode.LEAST_LOAD)
    busy = [register(contact=customer(n)) for n in range(3)]
    Complaint.objects.filter(pk__in=[c.pk for c in busy]).update(owner=agent)
    # A closed complaint is not load.
    Complaint.objects.filter(pk=busy[0].pk).update(stage="closed")

    first = register(contact=customer(10))
    second = register(contact=customer(11))
    third = register(contact=customer(12))

    # agnes has 2 open, oscar 0 → oscar, oscar (1), then a tie 2:2 broken by turn → agnes.
    assert owners([first, second, third]) == ["oscar", "oscar", "agnes"]
    entry = TimelineEntry.objects.filter(complaint=first, kind="assigned").get()
    assert entry.data["rule"] == "least_load"
    assert entry.data["open"] == 0
    assert entry.data["how"] == "routed"
    assert entry.actor is None


def test_skills_send_a_category_to_the_agents_who_handle_it(
    register, agent, other_agent, goods, services
):
    turn_on(Mode.ROUND_ROBIN)
    profile(agent, categories=[goods])
    profile(other_agent, categories=[services])

    made = [register(contact=customer(n), category=services) for n in range(3)]

    assert owners(made) == ["oscar", "oscar", "oscar"]
    # An agent with no categories ticked handles every one.
    profile(agent, categories=[])
    assert owners([register(contact=customer(9), category=services)]) == ["agnes"]


def test_languages_send_a_complaint_to_the_agents_who_speak_it(register, agent, other_agent):
    turn_on(Mode.ROUND_ROBIN)
    profile(agent, languages=["pl", "en"])
    profile(other_agent, languages=["en"])

    polish = [register(contact=customer(n), language="pl") for n in range(2)]

    assert owners(polish) == ["agnes", "agnes"]
    entry = TimelineEntry.objects.get(complaint=polish[0], kind="assigned")
    assert entry.data["language"] == "pl"


def test_switched_off_matching_ignores_skills_and_languages(register, agent, other_agent, goods):
    turn_on(Mode.ROUND_ROBIN, match_categories=False, match_languages=False)
    profile(agent, categories=[goods], languages=["pl"])

    made = [register(contact=customer(n), language="en") for n in range(2)]

    assert owners(made) == ["agnes", "oscar"]


def test_away_and_absent_agents_are_skipped(register, agent, other_agent):
    turn_on(Mode.ROUND_ROBIN)
    profile(agent, presence=Presence.AWAY)

    assert owners([register(contact=customer(1)), register(contact=customer(2))]) == [
        "oscar",
        "oscar",
    ]
    profile(agent, presence=Presence.ABSENT)
    assert owners([register(contact=customer(3))]) == ["oscar"]
    # Presence not respected: everyone takes turns again.
    turn_on(Mode.ROUND_ROBIN, respect_presence=False)
    assert owners([register(contact=customer(4))]) == ["agnes"]


@pytest.mark.parametrize(
    ("day", "skipped"),
    [
        (date(2026, 3, 1), False),  # the day before
        (date(2026, 3, 2), True),  # the first day
        (date(2026, 3, 6), True),  # the last day
        (date(2026, 3, 7), False),  # the day after
    ],
)
def test_absence_calendar_skips_the_agent_on_its_days(
    register, agent, other_agent, now, day, skipped
):
    turn_on(Mode.ROUND_ROBIN)
    Absence.objects.create(user=agent, first_day=date(2026, 3, 2), last_day=date(2026, 3, 6))
    at = now.replace(year=day.year, month=day.month, day=day.day)

    made = register(contact=customer(1), received_at=at)

    # Fresh profiles: agnes (created first) is first in turn unless she is away.
    assert owners([made]) == (["oscar"] if skipped else ["agnes"])


def test_absence_counts_local_days(register, agent, other_agent, now):
    """00:30 in Warsaw on the day after an absence is outside it, though in UTC it is still
    the absence's last day."""
    turn_on(Mode.ROUND_ROBIN)
    profile(other_agent, presence=Presence.AWAY)
    Absence.objects.create(user=agent, first_day=date(2026, 3, 1), last_day=date(2026, 3, 1))
    just_after = now.replace(day=2, hour=0, minute=30)  # 2 March 00:30 Warsaw = 1 March UTC

    assert owners([register(contact=customer(1), received_at=just_after)]) == ["agnes"]


def test_sticky_owner_keeps_a_returning_customer_with_their_agent(
    register, agent, other_agent, now
):
    turn_on(Mode.ROUND_ROBIN, sticky_owner=True)
    first = register(contact=customer(1))
    assert owners([first]) == ["agnes"]

    again = register(contact=customer(1), received_at=now + timedelta(days=1))

    assert owners([again]) == ["agnes"]
    entry = TimelineEntry.objects.get(complaint=again, kind="assigned")
    assert entry.data["rule"] == "sticky"
    assert entry.data["previous_reference"] == first.reference


def test_sticky_owner_falls_back_when_the_agent_is_absent(register, agent, other_agent, now):
    turn_on(Mode.ROUND_ROBIN, sticky_owner=True)
    register(contact=customer(1))
    Absence.objects.create(user=agent, first_day=now.date(), last_day=now.date() + timedelta(1))

    again = register(contact=customer(1), received_at=now + timedelta(hours=1))

    assert owners([again]) == ["oscar"]
    assert TimelineEntry.objects.get(complaint=again, kind="assigned").data["rule"] == (
        "round_robin"
    )


def test_routing_off_leaves_the_shared_queue_alone(register, agent, manager):
    made = register()  # no settings saved: off
    turn_on(Mode.OFF)
    also = register(contact=customer(2))

    assert Complaint.objects.filter(pk__in=[made.pk, also.pk], owner__isnull=True).count() == 2
    assert not TimelineEntry.objects.filter(kind="assigned").exists()
    assert not StaffAlert.objects.exists()


def test_no_eligible_agent_leaves_the_queue_and_alerts_managers_once(
    register, agent, manager, goods, now
):
    turn_on(Mode.LEAST_LOAD)
    make_staff("mikael", Role.MANAGER, email="mikael@example.com")
    profile(agent, languages=["en"])

    complaint = register(language="pl", category=goods)

    complaint.refresh_from_db()
    assert complaint.owner is None
    entry = TimelineEntry.objects.get(complaint=complaint, kind="assigned")
    assert entry.data == {"how": "not_routed", "category": "Goods", "language": "pl"}
    assert not entry.is_public
    alerts = StaffAlert.objects.filter(kind="routing_failed")
    assert sorted(a.recipient.username for a in alerts) == ["maria", "mikael"]
    assert alerts[0].text == (
        "No agent available who handles Goods and speaks Polish. "
        "The complaint waits in the shared queue."
    )
    assert OutboundEmail.objects.filter(
        purpose=OutboundEmail.Purpose.STAFF_ALERT, to="mikael@example.com"
    ).exists()
    # Routing the same complaint again (a retry) alerts nobody twice.
    Complaint.objects.filter(pk=complaint.pk).update(owner=None)
    route_complaint(Complaint.objects.get(pk=complaint.pk), now=now)
    assert StaffAlert.objects.filter(kind="routing_failed").count() == 2


def test_managers_take_new_work_only_when_their_profile_says_so(register, manager):
    turn_on(Mode.ROUND_ROBIN)

    complaint = register()
    assert Complaint.objects.get(pk=complaint.pk).owner is None

    profile(manager, receives_new_work=True)
    assert owners([register(contact=customer(2))]) == ["maria"]


def test_specialists_and_inactive_staff_never_get_work(register, specialist, agent):
    turn_on(Mode.ROUND_ROBIN)
    agent.is_active = False
    agent.save()

    complaint = register()

    assert Complaint.objects.get(pk=complaint.pk).owner is None
    assert not AgentProfile.objects.filter(user=specialist).exists()


def test_staff_naming_an_owner_are_not_overridden(register, agent, other_agent, manager):
    turn_on(Mode.ROUND_ROBIN)

    mine = register(registered_by=other_agent, owner=other_agent, contact=customer(1))
    given = register(registered_by=manager, owner=other_agent, contact=customer(2))

    assert owners([mine, given]) == ["oscar", "oscar"]
    hows = list(TimelineEntry.objects.filter(kind="assigned").values_list("data__how", flat=True))
    assert hows == ["taken", "assigned"]


def test_timeline_shows_the_rule_in_words(client, register, agent, manager, goods):
    turn_on(Mode.LEAST_LOAD)
    profile(agent, categories=[goods], languages=["pl", "en"])
    complaint = register(language="pl", category=goods)
    client.force_login(manager)

    page = client.get(f"/desk/complaints/{complaint.reference}/").content.decode()

    assert "Routed to Agnes" in page
    assert "Routed by least open load (0 open): handles Goods, speaks Polish" in page


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_rotate_under_round_robin(register, agent, other_agent, now):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    turn_on(Mode.ROUND_ROBIN)
    ensure_profiles()
    barrier = threading.Barrier(2)
    made = []
    errors = []

    def register_one(number):
        barrier.wait()
        try:
            made.append(register(contact=customer(number)))
        except Exception as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register_one, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(owners(made)) == ["agnes", "oscar"]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_routing_locks_the_profiles(register, agent, other_agent, now):
    """Without the reference counter serialising them: two complaints routed at once still
    go to two agents, because the second waits for the first's profile locks."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    made = [register(contact=customer(n)) for n in range(2)]
    turn_on(Mode.LEAST_LOAD)
    ensure_profiles()
    barrier = threading.Barrier(2)
    errors = []

    def route_one(complaint):
        barrier.wait()
        try:
            route_complaint(complaint, now=now)
        except Exception as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=route_one, args=(c,)) for c in made]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(owners(made)) == ["agnes", "oscar"]


def test_routing_queries_do_not_grow_with_agents_or_complaints(
    register, agent, goods, now, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    turn_on(Mode.LEAST_LOAD, sticky_owner=True)
    profile(agent, categories=[goods], languages=["en"])
    register(contact=customer(0), category=goods)
    with CaptureQueriesContext(connection) as few:
        register(contact=customer(1), category=goods)
    for number in range(8):
        user = make_staff(f"extra{number}", Role.AGENT)
        profile(user, categories=[goods], languages=["en", "pl"])
        Absence.objects.create(user=user, first_day=now.date(), last_day=now.date())
    for number in range(10):
        register(contact=customer(100 + number), category=goods)

    with django_assert_max_num_queries(len(few)):
        register(contact=customer(1), category=goods)
