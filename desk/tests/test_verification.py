"""The checklist, the question to the customer and the resolution card on the detail page."""

import pytest
from django.urls import reverse

from complaints.models import TimelineEntry
from complaints.ownership import take_complaint
from workflow.decisions import record_decision
from workflow.models import ChecklistMark, ResolutionAction
from workflow.resolution import complete_action, open_actions
from workflow.transitions import move_complaint
from workflow.verification import checklist_for


def detail_url(complaint):
    return reverse("desk:complaint_detail", args=[complaint.reference])


@pytest.fixture
def in_verification(register, agent, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    return complaint


@pytest.fixture
def in_resolution(in_verification, verify, agent, now):
    verify(in_verification, by=agent)
    move_complaint(in_verification, to="decision", by=agent, now=now)
    record_decision(
        in_verification,
        outcome="accepted",
        justification="Defect.",
        remedy="refund",
        amount="120",
        currency="PLN",
        by=agent,
        now=now,
    )
    return in_verification


def check_url(complaint, item):
    return reverse("desk:checklist_check", args=[complaint.reference, item.pk])


def test_the_detail_page_shows_the_checklist_grouped_with_progress(client, in_verification, agent):
    client.force_login(agent)

    html = client.get(detail_url(in_verification)).content.decode()

    assert "Verification checklist" in html
    assert 'id="checklist-progress">0 of 5<' in html
    assert html.index("Completeness") < html.index("Legitimacy")
    assert "Proof of purchase (receipt, invoice or order number)" in html
    assert 'id="ask-customer"' in html


def test_ticking_a_point_from_the_page(client, in_verification, agent):
    client.force_login(agent)
    item = checklist_for(in_verification)[0]

    response = client.post(check_url(in_verification, item), {"checked": "1"})

    assert response.status_code == 302
    assert response["Location"].endswith("#checklist")
    assert ChecklistMark.objects.get(complaint=in_verification).item == item
    html = client.get(detail_url(in_verification)).content.decode()
    assert 'id="checklist-progress">1 of 5<' in html
    assert f"Checked: {item.text}" in html

    client.post(check_url(in_verification, item), {"checked": "0"})
    assert not ChecklistMark.objects.exists()


def test_htmx_ticking_returns_only_the_card(client, in_verification, agent):
    client.force_login(agent)
    item = checklist_for(in_verification)[2]

    response = client.post(
        check_url(in_verification, item), {"checked": "1"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section class="card" id="checklist"')
    assert "1 of 5" in html
    assert "<html" not in html


def test_an_item_of_another_category_is_refused_on_the_page(client, in_verification, agent):
    from complaints.models import Category
    from workflow.models import ChecklistItem

    foreign = ChecklistItem.objects.create(
        category=Category.objects.create(name="Shoes"), kind="legitimacy", text="Soles intact"
    )
    client.force_login(agent)

    response = client.post(check_url(in_verification, foreign), {"checked": "1"}, follow=True)

    assert "is not on the checklist" in response.content.decode()
    assert not ChecklistMark.objects.exists()


def test_the_checklist_is_for_staff_who_may_see_the_complaint(
    client, in_verification, agent, other_agent, now
):
    item = checklist_for(in_verification)[0]
    take_complaint(in_verification, agent=agent, now=now)

    anonymous = client.post(check_url(in_verification, item), {"checked": "1"})
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    client.force_login(other_agent)
    assert client.post(check_url(in_verification, item), {"checked": "1"}).status_code == 404
    client.force_login(agent)
    assert client.get(check_url(in_verification, item)).status_code == 405
    assert not ChecklistMark.objects.exists()


def test_moving_to_decision_with_open_points_explains_itself(client, in_verification, agent):
    client.force_login(agent)

    response = client.post(
        reverse("desk:move", args=[in_verification.reference]),
        {"to": "decision", "seen_stage": "verification"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 409
    assert response.json()["message"] == (
        "Complete the verification checklist before moving to “Decision”: 5 of 5 points are open."
    )
    in_verification.refresh_from_db()
    assert in_verification.stage == "verification"


def test_asking_the_customer_from_the_page(client, in_verification, agent):
    client.force_login(agent)
    url = reverse("desk:ask_customer", args=[in_verification.reference])

    response = client.post(
        url, {"question": "Please send the receipt.", "seen_stage": "verification"}, follow=True
    )

    in_verification.refresh_from_db()
    assert in_verification.stage == "waiting_customer"
    html = response.content.decode()
    assert "waits for the customer" in html
    assert "Asked the customer" in html
    assert in_verification.timeline.get(kind=TimelineEntry.Kind.QUESTION).text == (
        "Please send the receipt."
    )


def test_an_empty_question_keeps_the_form_with_the_error(client, in_verification, agent):
    client.force_login(agent)
    url = reverse("desk:ask_customer", args=[in_verification.reference])

    htmx = client.post(
        url, {"question": "  ", "seen_stage": "verification"}, HTTP_HX_REQUEST="true"
    )
    plain = client.post(url, {"question": "", "seen_stage": "verification"}, follow=True)

    assert 'id="question-error"' in htmx.content.decode()
    assert "Write what the customer should send" in htmx.content.decode()
    assert "Write what the customer should send" in plain.content.decode()
    in_verification.refresh_from_db()
    assert in_verification.stage == "verification"


def test_asking_where_no_move_is_open_is_refused(client, register, agent):
    complaint = register()
    client.force_login(agent)

    html = client.get(detail_url(complaint)).content.decode()
    response = client.post(
        reverse("desk:ask_customer", args=[complaint.reference]),
        {"question": "Receipt?"},
        follow=True,
    )

    assert 'id="ask-customer"' not in html
    assert "no move open to you" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.stage == "new"


def test_a_board_move_to_waiting_for_customer_asks_the_customer(client, in_verification, agent):
    client.force_login(agent)
    url = reverse("desk:move", args=[in_verification.reference])

    empty = client.post(
        url, {"to": "waiting_customer", "reason": ""}, HTTP_ACCEPT="application/json"
    )
    moved = client.post(
        url,
        {"to": "waiting_customer", "reason": "Which size?", "seen_stage": "verification"},
        HTTP_ACCEPT="application/json",
    )

    assert empty.status_code == 409
    assert "Write what the customer should send" in empty.json()["message"]
    assert moved.json()["stage"] == "waiting_customer"
    assert in_verification.timeline.get(kind=TimelineEntry.Kind.QUESTION).text == "Which size?"


def test_the_resolution_card_lists_actions_and_marks_them_done(client, in_resolution, agent):
    client.force_login(agent)
    action = ResolutionAction.objects.get()

    html = client.get(detail_url(in_resolution)).content.decode()
    assert "Refund of 120.00 PLN paid" in html
    assert 'id="resolution-progress">0 of 1 done<' in html
    assert "Verification checklist" in html  # still shown: the complaint is not final

    response = client.post(
        reverse("desk:action_done", args=[in_resolution.reference, action.pk]), follow=True
    )
    html = response.content.decode()
    assert "Marked done: Refund of 120.00 PLN paid" in html
    assert 'id="resolution-progress">1 of 1 done<' in html
    action.refresh_from_db()
    assert action.done_by == agent

    again = client.post(
        reverse("desk:action_done", args=[in_resolution.reference, action.pk]), follow=True
    )
    assert "was marked done already" in again.content.decode()

    client.post(reverse("desk:action_reopen", args=[in_resolution.reference, action.pk]))
    action.refresh_from_db()
    assert action.done_at is None


def test_adding_an_action_from_the_page(client, in_resolution, agent):
    client.force_login(agent)
    url = reverse("desk:add_action", args=[in_resolution.reference])

    client.post(url, {"text": "Return label sent"})
    error = client.post(url, {"text": " "}, HTTP_HX_REQUEST="true")
    added = client.post(url, {"text": "Courier booked"}, HTTP_HX_REQUEST="true")

    assert [a.text for a in open_actions(in_resolution)] == [
        "Refund of 120.00 PLN paid",
        "Return label sent",
        "Courier booked",
    ]
    assert 'id="action-error"' in error.content.decode()
    assert added.status_code == 204
    assert added["HX-Redirect"] == detail_url(in_resolution)


def test_closing_with_an_open_action_names_it(client, in_resolution, agent):
    client.force_login(agent)

    response = client.post(
        reverse("desk:move", args=[in_resolution.reference]),
        {"to": "closed", "seen_stage": "resolution"},
        follow=True,
    )

    assert "“Refund of 120.00 PLN paid” is not done." in response.content.decode()
    in_resolution.refresh_from_db()
    assert in_resolution.stage == "resolution"


def test_actions_of_other_complaints_and_other_agents_are_refused(
    client, in_resolution, register, agent, other_agent, now
):
    action = ResolutionAction.objects.get()
    other = register(submission_key="other")
    client.force_login(agent)

    wrong_complaint = client.post(reverse("desk:action_done", args=[other.reference, action.pk]))
    take_complaint(in_resolution, agent=agent, now=now)
    client.force_login(other_agent)
    not_theirs = client.post(reverse("desk:action_done", args=[in_resolution.reference, action.pk]))
    not_theirs_add = client.post(
        reverse("desk:add_action", args=[in_resolution.reference]), {"text": "Sneaky"}
    )

    assert wrong_complaint.status_code == 404
    assert not_theirs.status_code == 404
    assert not_theirs_add.status_code == 404
    action.refresh_from_db()
    assert action.done_at is None
    assert ResolutionAction.objects.count() == 1


def test_a_closed_complaint_shows_done_actions_without_buttons(client, in_resolution, agent, now):
    for action in open_actions(in_resolution):
        complete_action(action, by=agent, now=now)
    move_complaint(in_resolution, to="closed", by=agent, now=now)
    client.force_login(agent)

    html = client.get(detail_url(in_resolution)).content.decode()

    assert "Refund of 120.00 PLN paid" in html
    assert "Mark done" not in html and ">Reopen<" not in html
    assert 'id="checklist"' not in html
    assert 'id="add-action"' not in html


def test_detail_page_queries_do_not_grow_with_checklist_and_actions(
    client, in_resolution, agent, now, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workflow.models import ChecklistItem
    from workflow.resolution import add_action
    from workflow.verification import set_check

    client.force_login(agent)
    with CaptureQueriesContext(connection) as before:
        client.get(detail_url(in_resolution))
    for number in range(8):
        item = ChecklistItem.objects.create(kind="completeness", text=f"Point {number}")
        set_check(in_resolution, item, checked=True, by=agent, now=now)
        complete_action(
            add_action(in_resolution, text=f"Step {number}", by=agent, now=now), by=agent, now=now
        )

    with django_assert_max_num_queries(len(before)):
        client.get(detail_url(in_resolution))
