import zoneinfo
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints.models import TimelineEntry
from deadlines.answers import record_answer_posted
from deadlines.extensions import extend_legal_term
from deadlines.models import ComplaintClock, LegalRule
from notifications.models import OutboundEmail
from notifications.outbox import deliver_email

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
REASON = (
    "We need the bank's record of the transfer to establish where it went; you will have "
    "our answer by 4 May at the latest."
)


def warsaw(*args):
    return datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def now():
    return warsaw(2026, 3, 2, 10, 30)  # a Monday


@pytest.fixture
def financial_market(db):
    """The company is a financial-market entity: the Polish 30/60-day rule is the one that
    applies (as a company-wide setting will say; until then, the other rules are off)."""
    LegalRule.objects.exclude(subject="financial").update(is_active=False)
    LegalRule.objects.filter(jurisdiction="PL", subject="financial").update(subject="")


def clock_of(complaint):
    return ComplaintClock.objects.select_related("legal_rule").get(complaint=complaint)


def test_a_complex_case_extends_the_polish_financial_term_from_30_to_60_days(
    financial_market, register, agent, smtp_server
):
    complaint = register()
    clock = clock_of(complaint)
    assert clock.legal_rule.name.startswith("Poland, financial-market entity")
    assert clock.legal_last_day == date(2026, 4, 1)

    clock = extend_legal_term(complaint, by=agent, reason=REASON, now=warsaw(2026, 3, 30, 12))

    # 60 days end on Friday 1 May, a public holiday; then Saturday and Sunday 3 May, another:
    # art. 115 of the civil code moves the end to Monday 4 May.
    assert clock.legal_complex_case
    assert clock.legal_last_day == date(2026, 5, 4)
    assert clock.legal_due == warsaw(2026, 5, 4, 23, 59, 59, 999999)
    assert clock_of(complaint).legal_due == clock.legal_due
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.DEADLINE)
    assert entry.is_public and entry.actor == agent and entry.text == REASON
    assert entry.data["action"] == "term_extended"
    assert (entry.data["last_day_before"], entry.data["last_day"]) == ("2026-04-01", "2026-05-04")

    email = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.TERM_EXTENDED)
    deliver_email(email.pk, now=warsaw(2026, 3, 30, 12, 1))
    [message] = smtp_server.messages
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert REASON in body
    assert "You will have our answer by 4 May 2026 at the latest." in body
    assert complaint.reference in message["Subject"]


def test_the_extended_end_moves_off_a_sunday_only_when_the_rule_says_so(
    financial_market, register, agent
):
    complaint = register(received_at=warsaw(2026, 3, 4, 9))  # 60 days: Sunday 3 May

    clock = extend_legal_term(complaint, by=agent, reason=REASON, now=warsaw(2026, 3, 5, 9))

    assert clock.legal_last_day == date(2026, 5, 4)
    LegalRule.objects.update(moves_off_non_working_day=False)
    other = register(received_at=warsaw(2026, 3, 4, 9))
    assert extend_legal_term(
        other, by=agent, reason=REASON, now=warsaw(2026, 3, 5, 9)
    ).legal_last_day == date(2026, 5, 3)


def test_a_rule_without_a_longer_term_is_not_extended(register, agent, now):
    complaint = register()  # the Polish consumer rule: 14 days, no extension

    with pytest.raises(ValidationError) as refusal:
        extend_legal_term(complaint, by=agent, reason=REASON, now=now)

    assert refusal.value.messages == [
        "The rule “Poland, consumer, services or digital content: answer in 14 days or deemed "
        "accepted” has no longer term for complex cases."
    ]
    assert not clock_of(complaint).legal_complex_case
    assert not OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.TERM_EXTENDED).exists()


def test_a_term_is_extended_once(financial_market, register, agent):
    complaint = register()
    extend_legal_term(complaint, by=agent, reason=REASON, now=warsaw(2026, 3, 3))

    with pytest.raises(ValidationError) as refusal:
        extend_legal_term(complaint, by=agent, reason="Again.", now=warsaw(2026, 3, 4))

    assert refusal.value.messages == ["The legal term was extended already, to 4 May 2026."]
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.DEADLINE).count() == 1


def test_a_term_that_has_ended_can_no_longer_be_extended(financial_market, register, agent):
    complaint = register()

    # The 30 days ended with Wednesday 1 April.
    with pytest.raises(ValidationError) as refusal:
        extend_legal_term(complaint, by=agent, reason=REASON, now=warsaw(2026, 4, 2, 0, 0, 1))

    assert refusal.value.messages == [
        "The term ended on 1 Apr 2026. The law allows a longer term only when the customer is "
        "told why before the term ends."
    ]
    # On the last day itself it still can.
    clock = extend_legal_term(complaint, by=agent, reason=REASON, now=warsaw(2026, 4, 1, 23))
    assert clock.legal_complex_case


def test_an_answered_complaint_has_no_term_left_to_extend(financial_market, register, agent):
    complaint = register()
    # Under the financial-market act sending is enough: the clock stops at posting.
    record_answer_posted(complaint, sent_on=date(2026, 3, 3), by=agent, now=warsaw(2026, 3, 4))

    with pytest.raises(ValidationError) as refusal:
        extend_legal_term(complaint, by=agent, reason=REASON, now=warsaw(2026, 3, 4))

    assert refusal.value.messages == [
        "The legal clock has stopped; there is no term left to extend."
    ]


@pytest.mark.parametrize("reason", ["", "   ", "x" * 10_001])
def test_the_customer_must_be_told_why(financial_market, register, agent, reason):
    complaint = register()

    with pytest.raises(ValidationError) as refusal:
        extend_legal_term(complaint, by=agent, reason=reason, now=warsaw(2026, 3, 3))

    assert list(refusal.value.message_dict) == ["reason"]
    assert not clock_of(complaint).legal_complex_case


def test_specialists_extend_no_terms(financial_market, register, specialist):
    complaint = register()

    with pytest.raises(PermissionDenied):
        extend_legal_term(complaint, by=specialist, reason=REASON, now=warsaw(2026, 3, 3))

    assert not clock_of(complaint).legal_complex_case


def test_a_customer_without_email_is_told_on_the_timeline_only(financial_market, register, agent):
    from complaints.customers import Contact

    complaint = register(contact=Contact(name="Piotr Postal", phone="+48 601 234 567"))

    extend_legal_term(complaint, by=agent, reason=REASON, now=warsaw(2026, 3, 3))

    assert not OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.TERM_EXTENDED).exists()
    assert complaint.timeline.get(kind=TimelineEntry.Kind.DEADLINE).is_public
