"""The desk's expert opinions (WF-6): the card, asking, answering, "Consulted on", and what
a specialist can reach by guessing URLs."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.departments import save_department
from accounts.models import Department
from complaints.models import Complaint, TimelineEntry
from complaints.ownership import take_complaint
from conftest import PASSWORD, photo
from consultations.models import OpinionRequest
from consultations.opinions import give_opinion, request_opinion
from workflow.transitions import move_complaint

CONSULTED = "/desk/consultations/"
DEPARTMENTS = "/desk/settings/departments/"


def detail_url(complaint):
    return reverse("desk:complaint_detail", args=[complaint.reference])


def due_in(days):
    return timezone.localdate() + timedelta(days=days)


def ask(complaint, *, by, days=5, **asked):
    return request_opinion(
        complaint, question="Is it a defect?", due=due_in(days), by=by, now=timezone.now(), **asked
    )


@pytest.fixture
def consulted(register, agent, specialist):
    complaint = register()
    take_complaint(complaint, agent=agent, now=timezone.now())
    move_complaint(complaint, to="verification", by=agent, now=timezone.now())
    ask(complaint, by=agent, specialist=specialist)
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def not_consulted(register):
    return register(uploads=[photo()])


# Signing in and what a specialist can reach.


def test_a_specialist_lands_on_consulted_on_after_sign_in(client, specialist):
    response = client.post("/accounts/login/", {"username": "sven", "password": PASSWORD})

    assert response["Location"] == CONSULTED


def test_a_specialist_signing_in_to_a_page_goes_there(client, specialist, consulted):
    response = client.post(
        f"/accounts/login/?next={detail_url(consulted)}",
        {"username": "sven", "password": PASSWORD},
    )

    assert response["Location"] == detail_url(consulted)


def test_a_specialist_opens_a_consulted_complaint_but_not_another(
    client, specialist, consulted, not_consulted
):
    client.force_login(specialist)

    assert client.get(detail_url(consulted)).status_code == 200
    assert client.get(detail_url(not_consulted)).status_code == 404
    attachment = not_consulted.attachments.get()
    assert client.get(reverse("desk:attachment", args=[attachment.pk])).status_code == 404


def test_a_specialist_lists_and_boards_only_consulted_complaints(
    client, specialist, consulted, not_consulted
):
    client.force_login(specialist)

    listed = [c.reference for c in client.get("/desk/").context["page"].object_list]
    board = client.get("/desk/board/")
    on_board = [card.reference for column in board.context["columns"] for card in column["cards"]]

    assert listed == [consulted.reference]
    assert on_board == [consulted.reference]
    column = client.get(reverse("desk:board_column", args=["new"]))
    assert not_consulted.reference not in column.content.decode()


@pytest.mark.parametrize(
    "url", ["/desk/complaints/new/", "/desk/customers/search/?email=ce", DEPARTMENTS]
)
def test_team_pages_are_closed_to_a_specialist(client, specialist, url):
    client.force_login(specialist)

    assert client.get(url).status_code in (302, 403)
    assert client.get(url).status_code != 200


def test_a_specialist_cannot_edit_the_details(client, specialist, consulted):
    client.force_login(specialist)

    assert client.get(reverse("desk:edit_attributes", args=[consulted.reference])).status_code == (
        403
    )


def test_a_specialist_cannot_take_move_or_change_priority_by_posting(client, specialist, consulted):
    client.force_login(specialist)
    reference = consulted.reference

    take = client.post(reverse("desk:take", args=[reference]))
    move = client.post(
        reverse("desk:move", args=[reference]),
        {"to": "verification", "seen_stage": "waiting_specialist"},
        headers={"Accept": "application/json"},
    )
    priority = client.post(
        reverse("desk:classify", args=[reference]),
        {"priority": "40", "complexity": "20", "tags": "urgent"},
    )

    assert take.status_code == 403
    assert move.status_code == 409 and "Your role may not" in move.json()["message"]
    assert priority.status_code == 403
    after = Complaint.objects.get(pk=consulted.pk)
    assert (after.stage, after.priority, after.owner.username) == (
        "waiting_specialist",
        consulted.priority,
        "agnes",
    )


def test_a_specialist_public_note_is_refused_an_internal_one_kept(client, specialist, consulted):
    client.force_login(specialist)
    url = reverse("desk:note", args=[consulted.reference])

    client.post(url, {"text": "Dear customer", "is_public": "on"})
    client.post(url, {"text": "The seal is misaligned."})

    notes = consulted.timeline.filter(kind=TimelineEntry.Kind.NOTE)
    assert [(n.text, n.is_public) for n in notes] == [("The seal is misaligned.", False)]


def test_the_detail_page_offers_a_specialist_only_reading_notes_and_answering(
    client, specialist, consulted
):
    client.force_login(specialist)

    html = client.get(detail_url(consulted)).content.decode()

    assert 'id="opinions"' in html and "Is it a defect?" in html
    assert "Send answer" in html
    assert 'id="take"' not in html
    assert 'name="is_public"' not in html
    assert 'id="classification"' not in html
    assert 'id="ask-opinion"' not in html
    assert "Register a complaint" not in html
    assert "Consulted on" in html


# The card and asking.


def test_the_card_shows_status_and_the_ask_form_with_a_due_date_in_five_days(
    client, agent, consulted, specialist
):
    opinion = consulted.opinion_requests.get()
    give_opinion(opinion, answer="Factory fault.", by=specialist, now=timezone.now())
    ask(consulted, by=agent, specialist=specialist, days=0)
    OpinionRequest.objects.filter(pk__gt=opinion.pk).update(due=due_in(-1))
    client.force_login(agent)

    response = client.get(detail_url(consulted))
    html = response.content.decode()

    assert "Factory fault." in html
    assert "opinion-answered" in html and "opinion-overdue" in html
    assert 'id="ask-opinion"' in html
    assert f'value="{due_in(5).isoformat()}"' in html
    assert "Send answer" not in html  # the agent was not asked


def test_an_agent_asks_and_the_complaint_waits_for_the_specialist(
    client, agent, specialist, register
):
    complaint = register()
    take_complaint(complaint, agent=agent, now=timezone.now())
    move_complaint(complaint, to="verification", by=agent, now=timezone.now())
    client.force_login(agent)

    response = client.post(
        reverse("desk:ask_opinion", args=[complaint.reference]),
        {
            "opinion-specialist": specialist.pk,
            "opinion-question": "Defect or misuse?",
            "opinion-due": due_in(3).isoformat(),
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0].endswith(f"{detail_url(complaint)}#opinions")
    opinion = OpinionRequest.objects.get()
    assert (opinion.specialist, opinion.question) == (specialist, "Defect or misuse?")
    complaint.refresh_from_db()
    assert complaint.stage == "waiting_specialist"
    html = response.content.decode()
    assert "the customer is told to expect news" in html
    assert "Opinion asked of Sven" in html
    assert "Customer told an expert is involved" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"opinion-question": "Why?", "opinion-due": "2020-01-01"}, "Choose a specialist"),
        (
            {"opinion-specialist": "SPEC", "opinion-question": "Q?", "opinion-due": "2020-01-01"},
            "in the past",
        ),
        ({"opinion-specialist": "SPEC", "opinion-question": "Why?"}, "This field is required"),
        ({"opinion-specialist": "SPEC", "opinion-due": "soon"}, "Enter a valid date"),
    ],
)
def test_bad_asks_show_errors_and_keep_the_input(
    client, agent, specialist, consulted, data, message
):
    client.force_login(agent)
    data = {k: (specialist.pk if v == "SPEC" else v) for k, v in data.items()}
    before = OpinionRequest.objects.count()

    response = client.post(reverse("desk:ask_opinion", args=[consulted.reference]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    if "opinion-question" in data:
        assert data["opinion-question"] in html
    assert OpinionRequest.objects.count() == before


def test_a_specialist_cannot_ask(client, specialist, consulted, manager):
    client.force_login(specialist)

    response = client.post(
        reverse("desk:ask_opinion", args=[consulted.reference]),
        {"opinion-specialist": manager.pk, "opinion-question": "Q", "opinion-due": due_in(2)},
    )

    assert response.status_code == 403
    assert OpinionRequest.objects.count() == 1


def test_asking_about_a_complaint_one_cannot_see_is_not_found(
    client, agent, other_agent, specialist, register
):
    theirs = register()
    take_complaint(theirs, agent=other_agent, now=timezone.now())
    client.force_login(agent)

    response = client.post(
        reverse("desk:ask_opinion", args=[theirs.reference]),
        {"opinion-specialist": specialist.pk, "opinion-question": "Q", "opinion-due": due_in(2)},
    )

    assert response.status_code == 404


# Answering and cancelling.


def test_the_specialist_answers_and_it_is_on_the_timeline(client, specialist, consulted):
    opinion = consulted.opinion_requests.get()
    client.force_login(specialist)

    response = client.post(
        reverse("desk:answer_opinion", args=[opinion.pk]), {"answer": "Factory fault."}, follow=True
    )

    opinion.refresh_from_db()
    assert opinion.answer == "Factory fault." and opinion.answered_by == specialist
    html = response.content.decode()
    assert "your opinion is on the timeline" in html
    assert "Opinion given" in html


def test_an_empty_answer_shows_the_error(client, specialist, consulted):
    opinion = consulted.opinion_requests.get()
    client.force_login(specialist)

    response = client.post(reverse("desk:answer_opinion", args=[opinion.pk]), {"answer": " "})

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.answered_at is None


def test_answering_twice_says_so(client, specialist, consulted):
    opinion = consulted.opinion_requests.get()
    give_opinion(opinion, answer="First.", by=specialist, now=timezone.now())
    client.force_login(specialist)

    response = client.post(
        reverse("desk:answer_opinion", args=[opinion.pk]), {"answer": "Again."}, follow=True
    )

    assert "already answered" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.answer == "First."


def test_someone_not_asked_cannot_answer_and_guessed_ids_are_not_found(
    client, agent, specialist, consulted, register, manager
):
    opinion = consulted.opinion_requests.get()
    elsewhere = register()
    hidden = ask(elsewhere, by=manager, specialist=manager)
    client.force_login(agent)
    assert (
        client.post(reverse("desk:answer_opinion", args=[opinion.pk]), {"answer": "x"}).status_code
        == 403
    )

    client.force_login(specialist)
    for name in ("desk:answer_opinion", "desk:cancel_opinion"):
        assert client.post(reverse(name, args=[hidden.pk]), {"answer": "x"}).status_code == 404
        assert client.get(reverse(name, args=[987654])).status_code == 404
    hidden.refresh_from_db()
    assert hidden.is_open


def test_the_asker_cancels_after_confirming(client, agent, specialist, consulted):
    opinion = consulted.opinion_requests.get()
    client.force_login(agent)
    url = reverse("desk:cancel_opinion", args=[opinion.pk])

    confirm = client.get(url)
    assert "Cancel the request?" in confirm.content.decode()
    opinion.refresh_from_db()
    assert opinion.is_open

    client.post(url)

    opinion.refresh_from_db()
    assert opinion.cancelled_by == agent
    client.force_login(specialist)
    assert client.get(detail_url(consulted)).status_code == 404


def test_a_specialist_cannot_cancel(client, specialist, consulted):
    opinion = consulted.opinion_requests.get()
    client.force_login(specialist)

    assert client.post(reverse("desk:cancel_opinion", args=[opinion.pk])).status_code == 403


# "Consulted on".


def test_consulted_on_lists_open_requests_to_me_and_my_departments_soonest_first(
    client, agent, specialist, register, manager
):
    department = save_department(name="Lab", members=[specialist])
    later, sooner, overdue, answered, other = (register() for _ in range(5))
    ask(later, by=agent, specialist=specialist, days=9)
    ask(sooner, by=agent, department=department, days=2)
    ask(overdue, by=agent, specialist=specialist, days=1)
    OpinionRequest.objects.filter(complaint=overdue).update(due=due_in(-2))
    done = ask(answered, by=agent, specialist=specialist)
    give_opinion(done, answer="A", by=specialist, now=timezone.now())
    ask(other, by=agent, specialist=manager)
    client.force_login(specialist)

    response = client.get(CONSULTED)

    listed = [opinion.complaint for opinion in response.context["page"].object_list]
    assert listed == [overdue, sooner, later]
    html = response.content.decode()
    assert html.count('class="overdue"') == 1
    assert other.reference not in html and answered.reference not in html


def test_consulted_on_is_empty_with_a_useful_message(client, agent):
    client.force_login(agent)

    html = client.get(CONSULTED).content.decode()

    assert 'id="no-consultations"' in html
    assert "Nobody is waiting for your opinion." in html


def test_consulted_on_paginates_with_a_constant_number_of_queries(
    client, agent, specialist, register
):
    department = save_department(name="Lab", members=[specialist])
    complaint = register()
    for number in range(3):
        ask(complaint, by=agent, specialist=specialist, days=number)
    client.force_login(specialist)
    with CaptureQueriesContext(connection) as few:
        client.get(CONSULTED)
    for number in range(27):
        ask(register(), by=agent, department=department, days=number % 7)

    with CaptureQueriesContext(connection) as many:
        response = client.get(CONSULTED)

    assert len(response.context["page"].object_list) == 25
    assert len(many) == len(few)
    assert len(client.get(CONSULTED + "?page=2").context["page"].object_list) == 5


def test_the_detail_page_costs_the_same_queries_with_more_requests(
    client, manager, specialist, consulted, agent
):
    client.force_login(manager)
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(consulted))
    department = save_department(name="Lab", members=[specialist])
    for _ in range(4):
        ask(consulted, by=agent, department=department)

    with CaptureQueriesContext(connection) as many:
        client.get(detail_url(consulted))

    assert len(many) == len(few)


# Departments (admins).


def test_only_admins_manage_departments(client, agent, manager):
    for user in (agent, manager):
        client.force_login(user)
        assert client.get(DEPARTMENTS).status_code != 200


def test_admin_adds_renames_and_sets_members(client, admin_user, specialist, agent):
    client.force_login(admin_user)

    client.post(DEPARTMENTS, {"name": "Technical service", "members": [specialist.pk]})
    department = Department.objects.get()
    assert list(department.members.all()) == [specialist]
    edit = reverse("desk:edit_department", args=[department.pk])
    assert "Technical service" in client.get(edit).content.decode()
    client.post(edit, {"name": "Service lab", "members": [specialist.pk, agent.pk]})

    department.refresh_from_db()
    assert department.name == "Service lab"
    assert set(department.members.all()) == {specialist, agent}
    assert "Service lab" in client.get(DEPARTMENTS).content.decode()


def test_a_duplicate_name_in_another_case_is_refused_with_the_input_kept(
    client, admin_user, specialist
):
    save_department(name="Quality", members=[])
    client.force_login(admin_user)

    response = client.post(DEPARTMENTS, {"name": "QUALITY", "members": [specialist.pk]})

    assert response.status_code == 200
    html = response.content.decode()
    assert "already a department called" in html
    assert 'value="QUALITY"' in html
    assert Department.objects.count() == 1


def test_delete_asks_first_and_refuses_a_department_that_was_asked(
    client, admin_user, agent, specialist, register
):
    unused = save_department(name="Unused", members=[])
    asked = save_department(name="Lab", members=[specialist])
    ask(register(), by=agent, department=asked)
    client.force_login(admin_user)

    confirm = client.get(reverse("desk:remove_department", args=[unused.pk]))
    assert "Delete the department?" in confirm.content.decode()
    assert Department.objects.filter(pk=unused.pk).exists()
    client.post(reverse("desk:remove_department", args=[unused.pk]))
    refused = client.post(reverse("desk:remove_department", args=[asked.pk]), follow=True)

    assert not Department.objects.filter(pk=unused.pk).exists()
    assert Department.objects.filter(pk=asked.pk).exists()
    assert "was asked for opinions" in refused.content.decode()


def test_departments_page_is_empty_with_a_useful_message(client, admin_user):
    client.force_login(admin_user)

    assert "No departments yet." in client.get(DEPARTMENTS).content.decode()


def test_the_ask_form_offers_departments_and_staff_of_every_role(
    client, agent, specialist, manager, consulted
):
    save_department(name="Lab", members=[specialist])
    client.force_login(agent)

    html = client.get(detail_url(consulted)).content.decode()

    assert "Lab" in html
    assert "Sven · Specialist" in html and "Maria · Manager" in html
