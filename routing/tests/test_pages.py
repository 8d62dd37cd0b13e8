from datetime import date, timedelta

import pytest
from django.utils import timezone

from complaints.models import Category, Complaint, TimelineEntry
from notifications.models import StaffAlert
from routing.models import Absence, AgentProfile, Mode, Presence, RoutingSettings
from routing.rules import ensure_profiles

URL = "/desk/settings/routing/"


@pytest.fixture
def goods(db):
    return Category.objects.create(name="Goods")


def agent_url(user):
    return f"/desk/settings/routing/agents/{user.pk}/"


def test_only_admins_change_routing_and_agents_get_403(client, agent, specialist, admin_user):
    for user in (agent, specialist):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"mode": "round_robin"}).status_code == 403
        assert client.get(agent_url(agent)).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to sign in
    assert not RoutingSettings.objects.exists()


def test_managers_see_presence_but_cannot_change_the_rules(client, manager, agent, now):
    ensure_profiles()
    AgentProfile.objects.filter(user=agent).update(presence=Presence.AWAY)
    client.force_login(manager)

    page = client.get(URL).content.decode()

    assert 'id="agent-agnes"' in page
    assert "Away" in page
    assert 'id="routing-form"' not in page
    assert "Only an administrator can change the rules." in page
    assert client.post(URL, {"mode": "round_robin"}).status_code == 403
    assert client.get(agent_url(agent)).status_code == 403


def test_admin_turns_routing_on(client, admin_user, agent):
    client.force_login(admin_user)
    page = client.get(URL).content.decode()
    assert 'id="routing-settings" aria-current="page"' in page
    assert 'id="agent-agnes"' in page and "Every category" in page and "Any language" in page

    response = client.post(
        URL, {"mode": "least_load", "match_languages": "on", "respect_presence": "on"}
    )

    assert response.status_code == 302
    rules = RoutingSettings.objects.get()
    assert (rules.mode, rules.match_categories, rules.match_languages) == (
        Mode.LEAST_LOAD,
        False,
        True,
    )
    assert rules.respect_presence and not rules.sticky_owner


def test_an_unknown_mode_is_refused_with_a_message(client, admin_user):
    client.force_login(admin_user)

    response = client.post(URL, {"mode": "lottery"})

    assert response.status_code == 200
    assert "Select a valid choice. lottery is not one of the available choices." in (
        response.content.decode()
    )
    assert not RoutingSettings.objects.exists()


def test_admin_edits_an_agents_profile(client, admin_user, agent, goods):
    client.force_login(admin_user)
    assert client.get(agent_url(agent)).status_code == 200

    response = client.post(
        agent_url(agent),
        {
            "categories": [goods.pk],
            "languages": ["pl", "en"],
            "presence": "away",
            "receives_new_work": "on",
        },
    )

    assert response.status_code == 302
    profile = AgentProfile.objects.get(user=agent)
    assert list(profile.categories.all()) == [goods]
    assert profile.languages == ["en", "pl"]
    assert profile.presence == Presence.AWAY
    page = client.get(URL).content.decode()
    assert "Goods" in page and "English, Polish" in page


def test_profile_form_refuses_unknown_languages(client, admin_user, agent):
    client.force_login(admin_user)

    response = client.post(agent_url(agent), {"languages": ["xx"], "presence": "available"})

    assert response.status_code == 200
    assert "Select a valid choice. xx is not one of the available choices." in (
        response.content.decode()
    )


def test_absences_are_added_with_checked_dates(client, admin_user, agent):
    client.force_login(admin_user)
    client.get(agent_url(agent))
    add = f"{agent_url(agent)}absences/"
    first = timezone.localdate() + timedelta(days=3)

    backwards = client.post(
        add, {"first_day": first.isoformat(), "last_day": (first - timedelta(1)).isoformat()}
    )
    missing = client.post(add, {"first_day": "", "last_day": "not a date"})
    good = client.post(
        add,
        {
            "first_day": first.isoformat(),
            "last_day": (first + timedelta(4)).isoformat(),
            "note": "Holiday",
        },
    )

    assert "The last day cannot be before the first day." in backwards.content.decode()
    page = missing.content.decode()
    assert "This field is required." in page and "Enter a valid date." in page
    assert good.status_code == 302
    assert Absence.objects.get().note == "Holiday"
    assert "Holiday" in client.get(agent_url(agent)).content.decode()
    assert client.get(add).status_code == 405


def test_removing_an_absence_needs_a_post(client, admin_user, agent):
    ensure_profiles()
    absence = Absence.objects.create(
        user=agent, first_day=date(2030, 1, 1), last_day=date(2030, 1, 2)
    )
    url = f"/desk/settings/routing/absences/{absence.pk}/delete/"
    client.force_login(admin_user)

    confirm = client.get(url)

    assert "Remove the absence?" in confirm.content.decode()
    assert Absence.objects.exists()
    assert client.post(url).status_code == 302
    assert not Absence.objects.exists()


def test_agents_set_their_own_presence(client, agent, now):
    client.force_login(agent)
    page = client.get("/desk/").content.decode()
    assert 'id="set-away"' in page

    response = client.post("/desk/presence/", {"presence": "away", "next": "/desk/board/"})

    assert response.url == "/desk/board/"
    assert AgentProfile.objects.get(user=agent).presence == Presence.AWAY
    assert 'id="set-available"' in client.get("/desk/").content.decode()
    # Absent is the admin's to set; a foreign address is not followed.
    refused = client.post(
        "/desk/presence/", {"presence": "absent", "next": "https://evil.example/"}
    )
    assert refused.url == "/desk/"
    assert AgentProfile.objects.get(user=agent).presence == Presence.AWAY
    assert "Choose available or away." in client.get("/desk/").content.decode()
    assert client.get("/desk/presence/").status_code == 405


def test_specialists_have_no_presence(client, specialist):
    client.force_login(specialist)

    assert 'id="set-away"' not in client.get("/desk/consultations/").content.decode()
    assert client.post("/desk/presence/", {"presence": "away"}).status_code == 403


def test_the_public_web_form_routes_the_complaint(client, agent, other_agent, manager, goods):
    """A customer writing in Polish about goods reaches the Polish-speaking agent for goods."""
    RoutingSettings.objects.create(pk=1, mode=Mode.LEAST_LOAD)
    ensure_profiles()
    AgentProfile.objects.get(user=agent).categories.set([goods])
    AgentProfile.objects.filter(user=agent).update(languages=["pl", "en"])
    AgentProfile.objects.filter(user=other_agent).update(languages=["en"])
    form = {
        "name": "Jan Kowalczyk",
        "email": "jan@example.com",
        "phone": "",
        "product": "Pralka WX-700",
        "order_number": "",
        "purchase_date": "2026-01-10",
        "description": "Przecieka.",
        "requested_remedy": "repair",
        "consent": "on",
        "category": goods.pk,
        "lang": "pl",
    }

    response = client.post("/complaints/new/", {**form, "submission_key": "k1"})
    english = client.post(
        "/complaints/new/",
        {**form, "lang": "en", "email": "emma@example.com", "submission_key": "k2"},
    )

    assert response.status_code == 302 and english.status_code == 302
    polish, other = Complaint.objects.order_by("pk")
    assert (polish.language, polish.owner) == ("pl", agent)
    # Least open load: agnes owns one now, so the English one goes to oscar.
    assert (other.language, other.owner) == ("en", other_agent)
    client.force_login(manager)
    page = client.get(f"/desk/complaints/{polish.reference}/").content.decode()
    assert "Routed by least open load (0 open): handles Goods, speaks Polish" in page


def test_routing_page_queries_do_not_grow_with_agents(
    client, admin_user, goods, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Role
    from conftest import make_staff

    make_staff("first", Role.AGENT)
    client.force_login(admin_user)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(6):
        user = make_staff(f"agent{number}", Role.AGENT)
        Absence.objects.create(user=user, first_day=date(2030, 1, 1), last_day=date(2030, 1, 2))
    ensure_profiles()
    for profile in AgentProfile.objects.all():
        profile.categories.set([goods])

    with django_assert_max_num_queries(len(few)):
        page = client.get(URL).content.decode()

    assert 'id="agent-agent5"' in page
    assert Complaint.objects.count() == 0 and TimelineEntry.objects.count() == 0


def staff_form(**overrides):
    return {
        "name": "Walter Walk-in",
        "email": "",
        "phone": "+48 600 100 200",
        "channel": "phone",
        "language": "en",
        "product": "Sofa",
        "order_number": "",
        "purchase_date": "",
        "description": "Torn fabric.",
        "requested_remedy": "repair",
        "priority": "20",
        "consent": "on",
        **overrides,
    }


def test_a_phone_complaint_is_routed_unless_the_agent_keeps_it(client, agent, other_agent):
    """Whoever picks up the phone is not necessarily who should handle the case: routing
    decides, unless they tick that they handle it themselves."""
    RoutingSettings.objects.create(pk=1, mode=Mode.ROUND_ROBIN)
    ensure_profiles()
    AgentProfile.objects.filter(user=other_agent).update(presence=Presence.AWAY)
    client.force_login(other_agent)
    assert 'name="keep"' in client.get("/desk/complaints/new/").content.decode()

    client.post("/desk/complaints/new/", staff_form())
    client.post("/desk/complaints/new/", staff_form(keep="on", phone="+48 600 100 201"))

    routed, kept = Complaint.objects.order_by("pk")
    assert routed.owner == agent
    assert kept.owner == other_agent
    assert kept.timeline.get(kind="assigned").data["how"] == "taken"


def test_the_timeline_says_why_a_complaint_was_not_routed(client, register, agent, manager):
    RoutingSettings.objects.create(pk=1, mode=Mode.ROUND_ROBIN)
    ensure_profiles()
    AgentProfile.objects.filter(user=agent).update(languages=["en"])
    complaint = register(language="pl")
    client.force_login(manager)

    page = client.get(f"/desk/complaints/{complaint.reference}/").content.decode()

    assert "Not routed automatically" in page
    assert "No agent available who speaks Polish. The complaint waits in the shared queue." in page


def test_a_manager_routes_the_waiting_queue_after_routing_is_switched_on(
    client, manager, agent, other_agent, register, goods, now
):
    """Routing applies to new complaints; what already waits is routed on request, oldest
    first, and what nobody fits stays queued without an alert per complaint."""
    waiting = [
        register(submission_key=f"w{n}", received_at=now + timedelta(minutes=n), category=goods)
        for n in range(3)
    ]
    # In Polish, and nobody present speaks Polish.
    stranger = register(submission_key="pl", language="pl", category=goods)
    ensure_profiles()
    AgentProfile.objects.filter(user=agent).update(languages=["en"])
    AgentProfile.objects.get(user=agent).categories.set([goods])
    AgentProfile.objects.filter(user=other_agent).update(presence=Presence.AWAY)
    client.force_login(manager)
    assert 'id="route-queue"' not in client.get("/desk/settings/routing/").content.decode()

    RoutingSettings.objects.update_or_create(
        pk=1,
        defaults={
            "mode": Mode.LEAST_LOAD,
            "match_categories": True,
            "match_languages": True,
            "respect_presence": True,
        },
    )
    page = client.get("/desk/settings/routing/").content.decode()
    assert "4 open complaints wait in the shared queue" in page
    assert client.get("/desk/settings/routing/queue/").status_code == 405

    response = client.post("/desk/settings/routing/queue/", follow=True)

    assert "Routed 3 complaints; 1 stay in the shared queue" in response.content.decode()
    assert {Complaint.objects.get(pk=c.pk).owner for c in waiting} == {agent}
    assert Complaint.objects.get(pk=stranger.pk).owner is None
    assert not StaffAlert.objects.filter(kind="routing_failed").exists()


def test_agents_cannot_route_the_queue(client, agent):
    client.force_login(agent)
    assert client.post("/desk/settings/routing/queue/").status_code == 403
