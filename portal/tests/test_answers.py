"""The customer answers the decision in the portal (PO-1); staff see it and may reopen."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from complaints.models import TimelineEntry
from complaints.ownership import take_complaint
from conftest import photo
from notifications.models import StaffAlert
from portal.answers import AlreadyAnswered, answer_decision
from portal.models import DecisionAnswer
from portal.tests.conftest import track_url
from workflow.decisions import record_decision
from workflow.models import ResolutionAction, Transition
from workflow.transitions import move_complaint


def post_answer(client, complaint, decision, answer, **data):
    payload = {"decision": decision.pk, "answer": answer}
    prefix = "contest" if answer == "contested" else "accept"
    payload.update({f"{prefix}-{key}": value for key, value in data.items()})
    return client.post(track_url(complaint, "answer"), payload)


@pytest.fixture
def owned(register, agent, now):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)
    return complaint


def test_tracking_page_shows_the_decision_and_both_answers(client, owned, decide):
    decide(owned)

    html = client.get(track_url(owned)).content.decode()

    assert "Your complaint is accepted." in html
    # Said once, though it is also the reason of the move the decision made.
    assert html.count("The hinge is faulty.") == 2  # the decision card and the timeline
    assert "We decided on your complaint on" in html
    assert 'id="accept-decision"' in html and 'id="contest-decision"' in html


def test_accepting_is_recorded_once_and_a_double_submit_is_refused(
    client, owned, decide, agent, manager
):
    decision = decide(owned)

    first = post_answer(client, owned, decision, "accepted")
    second = post_answer(client, owned, decision, "accepted")

    assert first.status_code == 302
    assert second.status_code == 409
    assert "You have answered this decision already." in second.content.decode()
    answer = DecisionAnswer.objects.get()
    assert (answer.decision, answer.answer, answer.remedy) == (decision, "accepted", "")
    entry = owned.timeline.get(kind=TimelineEntry.Kind.MESSAGE_RECEIVED)
    assert entry.is_public and entry.data["answer"] == "accepted"
    assert list(StaffAlert.objects.values_list("recipient", flat=True)) == [agent.pk]
    html = client.get(track_url(owned)).content.decode()
    assert "You accepted this decision on" in html
    assert 'id="accept-decision"' not in html


def test_contesting_needs_a_reason_and_keeps_the_form(client, owned, decide):
    decision = decide(owned, outcome="rejected")

    response = post_answer(client, owned, decision, "contested", reason="  ")

    assert response.status_code == 400
    assert "Tell us why you disagree with the decision." in response.content.decode()
    assert not DecisionAnswer.objects.exists()


def test_contesting_reopens_for_review_and_alerts_owner_and_managers(
    client, owned, decide, agent, manager
):
    decision = decide(owned, outcome="rejected")

    response = client.post(
        track_url(owned, "answer"),
        {
            "decision": decision.pk,
            "answer": "contested",
            "contest-reason": "The hinge broke on day two.",
            "contest-files": [photo("hinge.jpg")],
        },
    )

    assert response.status_code == 302
    answer = DecisionAnswer.objects.get()
    assert (answer.answer, answer.reason) == ("contested", "The hinge broke on day two.")
    assert owned.attachments.filter(original_name="hinge.jpg").exists()
    assert set(StaffAlert.objects.values_list("recipient", flat=True)) == {agent.pk, manager.pk}
    # Back in review at once, through the process's own way back, on the customer's word.
    owned.refresh_from_db()
    assert owned.stage == "verification"
    assert answer.reopened_to == "verification"
    move = owned.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).latest("pk")
    assert (move.data["source"], move.data["target"], move.actor) == (
        "rejected",
        "verification",
        None,
    )
    assert move.is_public
    assert "It is back in review." in StaffAlert.objects.filter(recipient=manager).get().text
    client.force_login(agent)
    html = client.get(reverse("desk:complaint_detail", args=[owned.reference])).content.decode()
    assert "Decision contested" in html and "The hinge broke on day two." in html
    assert 'id="contest-reopened"' in html and 'id="contest-reopen"' not in html


def test_contesting_an_accepted_decision_reopens_it_from_resolution(client, owned, decide):
    decision = decide(owned)
    owned.refresh_from_db()
    assert owned.stage == "resolution"

    post_answer(client, owned, decision, "contested", reason="A repair will not do.")

    owned.refresh_from_db()
    assert owned.stage == "verification"


def test_without_a_way_back_the_desk_offers_managers_the_move(
    client, owned, decide, agent, manager
):
    decision = decide(owned, outcome="rejected")
    Transition.objects.filter(source__key="rejected", target__key="verification").delete()
    post_answer(client, owned, decision, "contested", reason="No.")
    owned.refresh_from_db()
    assert owned.stage == "rejected"
    assert DecisionAnswer.objects.get().reopened_to == ""

    client.force_login(agent)
    html = client.get(reverse("desk:complaint_detail", args=[owned.reference])).content.decode()
    assert "Decision contested" in html
    assert 'id="contest-reopen"' not in html
    assert "a manager can reopen it" in html


def test_choosing_an_offered_remedy_renames_the_open_action(client, owned, decide):
    decision = decide(owned, remedy="repair", offered=["repair", "replacement"])
    html = client.get(track_url(owned)).content.decode()
    assert "Choose your remedy" in html and "Replacement" in html

    response = post_answer(client, owned, decision, "accepted", remedy="replacement")

    assert response.status_code == 302
    answer = DecisionAnswer.objects.get()
    assert (answer.answer, answer.remedy) == ("chose_remedy", "replacement")
    assert list(ResolutionAction.objects.values_list("text", flat=True)) == ["Replacement shipped"]
    assert "You chose “Replacement”" in client.get(track_url(owned)).content.decode()


@pytest.mark.parametrize("remedy", ["", "refund", "nonsense"])
def test_a_remedy_outside_the_offer_is_refused(client, owned, decide, remedy):
    decision = decide(owned, remedy="repair", offered=["repair", "replacement"])

    response = post_answer(client, owned, decision, "accepted", remedy=remedy)

    assert response.status_code == 400
    assert "Choose one of the remedies offered." in response.content.decode()
    assert not DecisionAnswer.objects.exists()


def test_a_second_answer_to_the_same_decision_is_refused(owned, decide, now):
    decision = decide(owned, outcome="rejected")
    answer_decision(owned, decision_id=decision.pk, answer="contested", reason="No", now=now)

    with pytest.raises(AlreadyAnswered):
        answer_decision(owned, decision_id=decision.pk, answer="accepted", now=now)
    assert DecisionAnswer.objects.get().answer == "contested"


def test_a_new_decision_takes_a_new_answer(client, owned, decide, manager, now):
    first = decide(owned, outcome="rejected")
    post_answer(client, owned, first, "contested", reason="The hinge is not worn.")
    move_complaint(owned, to="decision", by=manager, now=now)
    second = record_decision(
        owned,
        outcome="accepted",
        justification="On review, we repair it.",
        remedy="repair",
        by=manager,
        now=now,
        notify_customer=False,
    )

    stale = post_answer(client, owned, first, "accepted")
    fresh = post_answer(client, owned, second, "accepted")

    assert stale.status_code == 400
    assert "The decision has changed since you opened this page" in stale.content.decode()
    assert fresh.status_code == 302
    assert list(DecisionAnswer.objects.order_by("pk").values_list("decision", "answer")) == [
        (first.pk, "contested"),
        (second.pk, "accepted"),
    ]


def test_answering_without_a_decision_is_refused(client, owned):
    response = client.post(track_url(owned, "answer"), {"decision": "1", "answer": "accepted"})

    assert response.status_code == 400
    assert not DecisionAnswer.objects.exists()


def test_unknown_answer_is_refused(owned, decide, now):
    decision = decide(owned)

    with pytest.raises(ValidationError):
        answer_decision(owned, decision_id=decision.pk, answer="maybe", now=now)


@pytest.mark.django_db(transaction=True)
def test_two_tabs_answering_at_once_record_one_answer(owned, decide, now):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    decision = decide(owned)
    barrier = threading.Barrier(2)
    outcomes = []

    def answer(kind, reason):
        barrier.wait()
        try:
            answer_decision(owned, decision_id=decision.pk, answer=kind, reason=reason, now=now)
            outcomes.append("recorded")
        except AlreadyAnswered:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=answer, args=("accepted", "")),
        threading.Thread(target=answer, args=("contested", "Not fair.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["recorded", "refused"]
    assert DecisionAnswer.objects.count() == 1
    assert owned.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_RECEIVED).count() == 1


def test_contest_files_get_the_forms_checks_and_the_reason_is_kept(client, owned, decide):
    decision = decide(owned, outcome="rejected")
    fake = SimpleUploadedFile("hinge.jpg", b"MZ\x90\x00 not a photo", "image/jpeg")

    response = client.post(
        track_url(owned, "answer"),
        {
            "decision": decision.pk,
            "answer": "contested",
            "contest-reason": "The hinge broke on day two.",
            "contest-files": [fake],
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "“hinge.jpg” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF document." in html
    assert "The hinge broke on day two.</textarea>" in html
    assert not DecisionAnswer.objects.exists() and not owned.attachments.exists()


def test_a_closed_complaint_takes_no_answer_but_a_rejection_does(
    client, owned, decide, agent, carry_out, now
):
    decision = decide(owned)
    carry_out(owned, by=agent)
    move_complaint(owned, to="closed", by=agent, now=now)

    html = client.get(track_url(owned)).content.decode()
    assert 'id="answer-closed"' in html and 'id="accept-form"' not in html
    response = post_answer(client, owned, decision, "contested", reason="Too late?")
    assert response.status_code == 400
    assert not DecisionAnswer.objects.exists()


def test_a_rejection_in_its_final_stage_can_be_contested(client, owned, decide):
    decide(owned, outcome="rejected")
    owned.refresh_from_db()
    assert owned.stage == "rejected"

    html = client.get(track_url(owned)).content.decode()
    assert 'id="accept-form"' in html and 'id="answer-closed"' not in html


def test_an_offered_price_reduction_carries_the_amount_everywhere(
    client, owned, decide, agent, now
):
    from django.core.exceptions import ValidationError as Refused

    from notifications.models import OutboundEmail

    # Without the amount the offer of a price reduction is refused, with nothing kept.
    with pytest.raises(Refused) as refused:
        decide(owned, remedy="repair", offered=["repair", "price_reduction"])
    assert "amount" in refused.value.message_dict
    owned.refresh_from_db()

    decision = record_decision(
        owned,
        outcome="accepted",
        justification="We repair it, or you keep it for less.",
        remedy="repair",
        offered_remedies=["repair", "price_reduction"],
        amount="80",
        currency="PLN",
        by=agent,
        now=now,
    )
    assert decision.amount_remedy == "price_reduction"

    html = client.get(track_url(owned)).content.decode()
    assert "Price reduction · 80.00 PLN" in html  # the choice the customer reads
    assert "You may choose: Repair / Price reduction · 80.00 PLN" in html
    assert "Repair · 80.00" not in html
    mail = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.DECISION)
    assert "Repair / Price reduction · 80.00 PLN" in mail.body

    client.force_login(agent)
    desk = client.get(reverse("desk:complaint_detail", args=[owned.reference])).content.decode()
    assert "The customer may choose: Repair / Price reduction · 80.00 PLN" in desk

    client.logout()
    response = post_answer(client, owned, decision, "accepted", remedy="price_reduction")
    assert response.status_code == 302
    assert list(ResolutionAction.objects.values_list("text", flat=True)) == [
        "Price reduction of 80.00 PLN paid"
    ]
