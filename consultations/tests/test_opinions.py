from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.departments import save_department
from complaints.models import TimelineEntry
from conftest import make_staff
from consultations.models import OpinionRequest
from consultations.opinions import cancel_request, give_opinion, request_opinion
from consultations.signals import opinion_requested
from workflow.models import Stage
from workflow.transitions import move_complaint

DUE = date(2026, 3, 6)  # four days after the `now` fixture


@pytest.fixture
def department(specialist):
    return save_department(name="Technical service", members=[specialist])


@pytest.fixture
def in_verification(register, agent, now):
    complaint = register()
    return move_complaint(complaint, to="verification", by=agent, now=now)


def snapshot(complaint):
    complaint.refresh_from_db()
    return (
        complaint.stage,
        complaint.timeline.count(),
        list(OpinionRequest.objects.values_list("pk", "answer", "answered_at", "cancelled_at")),
    )


def test_asking_a_specialist_records_the_question_tells_the_customer_and_waits(
    in_verification, agent, specialist, now, django_capture_on_commit_callbacks
):
    received = []

    def listen(**kwargs):
        received.append(kwargs)

    opinion_requested.connect(listen, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            opinion = request_opinion(
                in_verification,
                specialist=specialist,
                question="  Manufacturing defect?  ",
                due=DUE,
                by=agent,
                now=now,
            )
    finally:
        # Only this test's receiver: notifications listens here too.
        opinion_requested.disconnect(listen)

    opinion.refresh_from_db()
    assert (opinion.specialist, opinion.department, opinion.asked_by) == (specialist, None, agent)
    assert opinion.question == "Manufacturing defect?"
    assert opinion.due == DUE and opinion.asked_at == now and opinion.is_open
    entries = in_verification.timeline.filter(kind=TimelineEntry.Kind.OPINION_REQUESTED)
    internal = entries.get(is_public=False)
    assert internal.text == "Manufacturing defect?"
    assert internal.data["asked"] == str(specialist)
    assert internal.data["due"] == "2026-03-06"
    public = entries.get(is_public=True)
    assert "expert" in public.text and "6 Mar 2026" in public.text
    assert "Manufacturing" not in public.text
    in_verification.refresh_from_db()
    assert in_verification.stage == "waiting_specialist"
    assert opinion.moved_to.key == "waiting_specialist"
    assert [call["request_id"] for call in received] == [opinion.pk]


def test_the_customer_is_told_in_their_language(register, agent, specialist, now):
    complaint = register(language="pl")

    request_opinion(complaint, specialist=specialist, question="?", due=DUE, by=agent, now=now)

    public = complaint.timeline.get(kind=TimelineEntry.Kind.OPINION_REQUESTED, is_public=True)
    # The sentence awaits its translation (locale/ is regenerated on merge); the date is Polish.
    assert "6 marca 2026" in public.text


def test_asking_without_wait_leaves_the_stage(in_verification, agent, department, now):
    request_opinion(
        in_verification, department=department, question="Q", due=DUE, by=agent, now=now, wait=False
    )

    in_verification.refresh_from_db()
    assert in_verification.stage == "verification"


def test_asking_from_a_stage_with_no_move_to_a_waiting_stage_keeps_the_stage(
    register, agent, specialist, now
):
    complaint = register()  # New: the process offers no move to Waiting for specialist

    opinion = request_opinion(
        complaint, specialist=specialist, question="Q", due=DUE, by=agent, now=now
    )

    complaint.refresh_from_db()
    assert complaint.stage == "new"
    assert opinion.moved_to is None
    assert OpinionRequest.objects.count() == 1


def test_a_waiting_stage_the_asker_may_not_enter_is_not_entered(
    in_verification, agent, specialist, now
):
    transition = in_verification_transition("verification", "waiting_specialist")
    transition.allowed_roles = ["manager"]
    transition.save()

    request_opinion(
        in_verification, specialist=specialist, question="Q", due=DUE, by=agent, now=now
    )

    in_verification.refresh_from_db()
    assert in_verification.stage == "verification"


def in_verification_transition(source, target):
    from workflow.models import Transition

    return Transition.objects.get(source__key=source, target__key=target)


def test_the_waiting_stage_is_found_by_what_it_waits_for_not_its_key(
    in_verification, agent, specialist, now
):
    Stage.objects.filter(key="waiting_specialist").update(name="Expert appraisal")

    request_opinion(
        in_verification, specialist=specialist, question="Q", due=DUE, by=agent, now=now
    )

    in_verification.refresh_from_db()
    assert in_verification.stage == "waiting_specialist"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"specialist": None, "department": None}, "specialist"),
        ({"department": "department"}, "specialist"),  # both
        ({"question": "   "}, "question"),
        ({"question": "x" * 10_001}, "question"),
        ({"due": None}, "due"),
        ({"due": date(2026, 3, 1)}, "due"),  # yesterday
    ],
)
def test_bad_requests_are_refused_changing_nothing(
    in_verification, agent, specialist, department, now, arguments, field
):
    values = {"specialist": specialist, "question": "Q", "due": DUE}
    values.update(arguments)
    if values.get("department") == "department":
        values["department"] = department
    before = snapshot(in_verification)

    with pytest.raises(ValidationError) as refused:
        request_opinion(in_verification, by=agent, now=now, **values)

    assert field in refused.value.message_dict
    assert snapshot(in_verification) == before


def test_an_answer_due_today_is_fine(in_verification, agent, specialist, now):
    opinion = request_opinion(
        in_verification, specialist=specialist, question="Q", due=now.date(), by=agent, now=now
    )

    assert opinion.due == now.date()


def test_an_inactive_specialist_or_an_empty_department_cannot_be_asked(
    in_verification, agent, specialist, now
):
    specialist.is_active = False
    specialist.save()
    empty = save_department(name="Quality", members=[])
    before = snapshot(in_verification)

    with pytest.raises(ValidationError) as inactive:
        request_opinion(
            in_verification, specialist=specialist, question="Q", due=DUE, by=agent, now=now
        )
    with pytest.raises(ValidationError) as nobody:
        request_opinion(in_verification, department=empty, question="Q", due=DUE, by=agent, now=now)

    assert "no longer sign in" in inactive.value.message_dict["specialist"][0]
    assert "no members" in nobody.value.message_dict["department"][0]
    assert snapshot(in_verification) == before


def test_a_specialist_cannot_ask_for_opinions(in_verification, specialist, manager, now):
    before = snapshot(in_verification)

    with pytest.raises(PermissionDenied):
        request_opinion(
            in_verification, specialist=manager, question="Q", due=DUE, by=specialist, now=now
        )

    assert snapshot(in_verification) == before


def test_agents_and_managers_can_be_consulted_too(in_verification, agent, other_agent, now):
    opinion = request_opinion(
        in_verification, specialist=other_agent, question="Q", due=DUE, by=agent, now=now
    )

    answered = give_opinion(opinion, answer="Yes.", by=other_agent, now=now)

    assert answered.answered_by == other_agent


@pytest.fixture
def opinion(in_verification, agent, specialist, now):
    return request_opinion(
        in_verification, specialist=specialist, question="Defect?", due=DUE, by=agent, now=now
    )


def test_the_specialist_answers_on_the_timeline(opinion, specialist, now):
    later = now + timedelta(hours=3)

    answered = give_opinion(opinion, answer="  A defect.  ", by=specialist, now=later)

    assert (answered.answer, answered.answered_by, answered.answered_at) == (
        "A defect.",
        specialist,
        later,
    )
    entry = opinion.complaint.timeline.get(kind=TimelineEntry.Kind.OPINION_GIVEN)
    assert (entry.text, entry.actor, entry.is_public) == ("A defect.", specialist, False)
    assert entry.data["request"] == opinion.pk


def test_a_department_member_or_a_manager_may_answer_a_department_request(
    in_verification, agent, specialist, department, manager, now
):
    first = request_opinion(
        in_verification, department=department, question="Q1", due=DUE, by=agent, now=now
    )
    second = request_opinion(
        in_verification, department=department, question="Q2", due=DUE, by=agent, now=now
    )

    assert give_opinion(first, answer="A1", by=specialist, now=now).answered_by == specialist
    assert give_opinion(second, answer="A2", by=manager, now=now).answered_by == manager


def test_others_cannot_answer(opinion, agent, other_agent, now):
    outsider = make_staff("olga", "specialist")
    before = snapshot(opinion.complaint)

    for user in (agent, other_agent, outsider):
        with pytest.raises(PermissionDenied):
            give_opinion(opinion, answer="Mine.", by=user, now=now)

    assert snapshot(opinion.complaint) == before


def test_a_member_who_left_the_department_cannot_answer(
    in_verification, agent, specialist, department, now
):
    opinion = request_opinion(
        in_verification, department=department, question="Q", due=DUE, by=agent, now=now
    )
    save_department(department, name=department.name, members=[])

    with pytest.raises(PermissionDenied):
        give_opinion(opinion, answer="A", by=specialist, now=now)


def test_an_empty_answer_is_refused(opinion, specialist, now):
    before = snapshot(opinion.complaint)

    with pytest.raises(ValidationError) as refused:
        give_opinion(opinion, answer="  ", by=specialist, now=now)

    assert "answer" in refused.value.message_dict
    assert snapshot(opinion.complaint) == before


def test_answering_twice_is_refused(opinion, specialist, manager, now):
    give_opinion(opinion, answer="First.", by=specialist, now=now)
    before = snapshot(opinion.complaint)

    # A stale copy, as a second browser tab would hold.
    with pytest.raises(ValidationError, match="already answered"):
        give_opinion(opinion, answer="Second.", by=manager, now=now)

    assert snapshot(opinion.complaint) == before
    opinion.refresh_from_db()
    assert opinion.answer == "First."


def test_the_asker_cancels_and_the_request_can_no_longer_be_answered(
    opinion, agent, specialist, now
):
    cancelled = cancel_request(opinion, by=agent, now=now)

    assert cancelled.cancelled_by == agent and not cancelled.is_open
    entry = opinion.complaint.timeline.filter(kind=TimelineEntry.Kind.OPINION_REQUESTED).last()
    assert entry.data["cancelled"] is True
    before = snapshot(opinion.complaint)
    with pytest.raises(ValidationError, match="cancelled"):
        give_opinion(opinion, answer="Late.", by=specialist, now=now)
    with pytest.raises(ValidationError, match="cancelled"):
        cancel_request(opinion, by=agent, now=now)
    assert snapshot(opinion.complaint) == before


def test_only_the_asker_or_a_manager_may_cancel(opinion, other_agent, specialist, manager, now):
    before = snapshot(opinion.complaint)
    for user in (other_agent, specialist):
        with pytest.raises(PermissionDenied):
            cancel_request(opinion, by=user, now=now)
    assert snapshot(opinion.complaint) == before

    assert cancel_request(opinion, by=manager, now=now).cancelled_by == manager


def test_an_answered_request_cannot_be_cancelled(opinion, agent, specialist, now):
    give_opinion(opinion, answer="Done.", by=specialist, now=now)

    with pytest.raises(ValidationError, match="already answered"):
        cancel_request(opinion, by=agent, now=now)


def test_status_open_overdue_answered_cancelled(opinion, specialist, now):
    assert opinion.status(today=DUE) == OpinionRequest.Status.OPEN
    assert opinion.status(today=DUE + timedelta(days=1)) == OpinionRequest.Status.OVERDUE
    give_opinion(opinion, answer="A", by=specialist, now=now)
    opinion.refresh_from_db()
    assert opinion.status(today=DUE + timedelta(days=1)) == OpinionRequest.Status.ANSWERED


def test_a_request_that_cannot_be_moved_still_stands_and_says_why(
    in_verification, agent, specialist, now
):
    from workflow.models import Transition

    Transition.objects.filter(source__key="verification", target__key="waiting_specialist").update(
        required_fields=["purchase_date"]
    )

    opinion = request_opinion(
        in_verification, specialist=specialist, question="Q", due=DUE, by=agent, now=now
    )

    in_verification.refresh_from_db()
    assert in_verification.stage == "verification"
    assert opinion.moved_to is None
    assert "purchase date" in opinion.move_refusal.lower()
    assert OpinionRequest.objects.filter(pk=opinion.pk).exists()
    assert (
        not in_verification.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED)
        .exclude(data__target="verification")
        .exists()
    )


def test_two_people_answering_at_once_one_answer_wins(
    transactional_db, register, agent, specialist, manager, now
):
    import threading

    from django.db import connection

    complaint = register()
    opinion = request_opinion(
        complaint, specialist=specialist, question="Q", due=DUE, by=agent, now=now
    )
    outcomes = []
    start = threading.Barrier(2)

    def answer(user):
        start.wait()
        try:
            give_opinion(opinion, answer=f"By {user}", by=user, now=now)
            outcomes.append("answered")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(user,)) for user in (specialist, manager)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["answered", "refused"]
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.OPINION_GIVEN).count() == 1
