"""CO-4: the satisfaction survey, from closing the complaint to a low score on the desk."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.customers import Contact
from complaints.models import TimelineEntry
from conftest import PASSWORD
from notifications.models import OutboundEmail, StaffAlert
from notifications.outbox import deliver_email
from surveys.answers import AlreadyAnswered, SurveyExpired, answer_survey
from surveys.models import Survey
from workflow.decisions import record_decision
from workflow.transitions import move_complaint


@pytest.fixture
def close(agent, verify, carry_out, now, django_capture_on_commit_callbacks):
    """Take a complaint the whole way to Closed (or Rejected), running the after-commit hooks."""

    def _close(complaint, *, outcome="accepted"):
        with django_capture_on_commit_callbacks(execute=True):
            move_complaint(complaint, to="verification", by=agent, now=now)
            verify(complaint, by=agent)
            move_complaint(complaint, to="decision", by=agent, now=now)
            record_decision(
                complaint,
                outcome=outcome,
                justification="Checked.",
                remedy="refund" if outcome == "accepted" else "",
                amount="10" if outcome == "accepted" else None,
                currency="PLN",
                by=agent,
                now=now,
            )
            if outcome == "accepted":
                carry_out(complaint, by=agent)
                move_complaint(complaint, to="closed", by=agent, now=now)
        complaint.refresh_from_db()
        return complaint

    return _close


def still_open(survey):
    """The tests close complaints at a fixed `now`; the page reads the real clock."""
    Survey.objects.filter(pk=survey.pk).update(expires_at=timezone.now() + timedelta(days=1))
    survey.refresh_from_db()
    return survey


@pytest.fixture
def survey(register, close):
    return still_open(close(register()).survey)


def test_closing_emails_a_survey_link_that_works(register, close, smtp_server, client, now):
    complaint = close(register(language="pl"))

    survey = complaint.survey
    assert (survey.sent_at, survey.expires_at) == (now, now + timedelta(days=30))
    assert len(survey.token) >= 40
    email = OutboundEmail.objects.get(complaint=complaint, purpose=OutboundEmail.Purpose.SURVEY)
    assert email.language == "pl"
    deliver_email(email.pk, now=now)
    [message] = [m for m in smtp_server.messages if "/survey/" in m.get_content()]
    assert message["To"] == "cecilia@example.com"
    assert complaint.reference in message["Subject"]
    url = re.search(r"http://\S+/survey/\S+/", message.get_content()).group(0)
    assert url.endswith(f"/survey/{survey.token}/")
    still_open(survey)
    page = client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200
    assert 'name="score"' in page.content.decode()


def test_a_rejected_complaint_gets_no_survey(register, close):
    complaint = close(register(), outcome="rejected")

    assert complaint.stage == "rejected"
    assert not Survey.objects.filter(complaint=complaint).exists()


def test_a_customer_without_email_gets_no_survey(register, close):
    complaint = close(register(contact=Contact(name="Piotr", phone="+48600100200")))

    assert complaint.stage == "closed"
    assert not Survey.objects.filter(complaint=complaint).exists()


def test_the_customer_answers_once(survey, client, now):
    url = reverse("surveys:answer", args=[survey.token])

    first = client.post(url, {"score": "4", "comment": "Quick and friendly."})
    second = client.post(url, {"score": "1", "comment": "Changed my mind"})

    assert first.status_code == 302
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (4, "Quick and friendly.")
    assert "it takes one answer per complaint" in second.content.decode()
    entry = survey.complaint.timeline.get(kind=TimelineEntry.Kind.SURVEY_ANSWERED)
    assert (entry.data["score"], entry.text) == (4, "Quick and friendly.")
    with pytest.raises(AlreadyAnswered):
        answer_survey(survey, score=5, comment="", now=now)


def test_an_expired_link_says_so(survey, client, now):
    Survey.objects.filter(pk=survey.pk).update(expires_at=timezone.now() - timedelta(days=1))

    page = client.get(reverse("surveys:answer", args=[survey.token]))
    post = client.post(reverse("surveys:answer", args=[survey.token]), {"score": "5"})

    assert page.status_code == post.status_code == 410
    assert "This survey has closed" in page.content.decode()
    survey.refresh_from_db()
    assert survey.score is None
    with pytest.raises(SurveyExpired):
        answer_survey(survey, score=5, comment="", now=survey.expires_at)


def test_an_unknown_token_is_not_found(db, client):
    assert client.get(reverse("surveys:answer", args=["not-a-token"])).status_code == 404


@pytest.mark.parametrize("score", ["", "0", "6", "five"])
def test_a_bad_score_is_a_form_error(survey, client, score):
    page = client.post(reverse("surveys:answer", args=[survey.token]), {"score": score})

    assert page.status_code == 200
    assert page.context["form"].errors["score"] == ["Choose a score from 1 to 5."]
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_a_low_score_alerts_the_managers_once(survey, manager, other_agent, now):
    manager.email = "maria@example.com"
    manager.save()

    answer_survey(survey, score=2, comment="Nobody called back.", now=now)

    [alert] = StaffAlert.objects.all()
    assert alert.recipient == manager
    assert alert.complaint == survey.complaint
    assert "rated us 2 out of 5" in alert.text
    assert "Nobody called back." in alert.text
    email = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.STAFF_ALERT)
    assert email.to == "maria@example.com"
    with pytest.raises(AlreadyAnswered):
        answer_survey(survey, score=1, comment="", now=now)
    assert StaffAlert.objects.count() == 1


def test_the_low_score_setting_decides(survey, manager, settings, now):
    settings.SURVEY_LOW_SCORE = 3

    answer_survey(survey, score=3, comment="", now=now)

    assert StaffAlert.objects.filter(recipient=manager).count() == 1


def test_a_good_score_alerts_nobody(survey, manager, now):
    answer_survey(survey, score=5, comment="", now=now)

    assert not StaffAlert.objects.exists()


def test_managers_see_the_answer_and_can_reopen(survey, manager, client, now):
    answer_survey(survey, score=1, comment="Still broken.", now=now)
    client.login(username=manager.username, password=PASSWORD)
    detail = reverse("desk:complaint_detail", args=[survey.complaint.reference])

    html = client.get(detail).content.decode()
    assert "1 out of 5" in html and "Still broken." in html
    assert 'id="survey-reopen"' in html
    client.post(
        reverse("desk:move", args=[survey.complaint.reference]),
        {"to": "verification", "seen_stage": "closed", "reason": "Low score."},
    )
    survey.complaint.refresh_from_db()
    assert survey.complaint.stage == "verification"


def test_agents_see_the_answer_without_the_reopen_action(survey, agent, client, now):
    answer_survey(survey, score=1, comment="", now=now)
    client.login(username=agent.username, password=PASSWORD)

    html = client.get(
        reverse("desk:complaint_detail", args=[survey.complaint.reference])
    ).content.decode()

    assert "1 out of 5" in html
    assert 'id="survey-reopen"' not in html
