"""The legal clock on the complaint page (DL-2): answers posted and delivered, a longer term,
the customer's type."""

import zoneinfo
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from complaints.customers import Contact
from complaints.models import CustomerType, TimelineEntry
from deadlines.clocks import record_answer_sent
from deadlines.models import ComplaintClock, LegalRule

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def warsaw(*args):
    return datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def now():
    return warsaw(2026, 3, 2, 10, 30)  # a Monday; the Polish 14-day term ends on 16 March


def page(client, complaint, at):
    with time_machine.travel(at, tick=False):
        response = client.get(reverse("desk:complaint_detail", args=[complaint.reference]))
    assert response.status_code == 200
    return response.content.decode()


def legal_card(html):
    start = html.index('id="legal-clock"')
    return html[start : html.index("</section>", start)]


def post(client, name, complaint, data, at):
    with time_machine.travel(at, tick=False):
        response = client.post(
            reverse(f"desk:{name}", args=[complaint.reference]), data, follow=True
        )
    assert response.redirect_chain[0][1] == 302
    return [str(message) for message in response.context["messages"]]


def clock_of(complaint):
    return ComplaintClock.objects.select_related("legal_rule").get(complaint=complaint)


def test_an_answer_sent_but_not_delivered_is_shown_at_risk_then_delivered(client, register, agent):
    complaint = register(contact=Contact(name="Piotr Postal", phone="+48 601 234 567"))
    client.force_login(agent)

    html = legal_card(page(client, complaint, warsaw(2026, 3, 3, 9)))
    assert 'id="answer-posted"' in html and 'id="answer-delivered"' not in html
    assert 'id="extend-term"' not in html  # the consumer rule has no longer term

    messages = post(
        client, "answer_posted", complaint, {"sent_on": "2026-03-04"}, warsaw(2026, 3, 4, 15)
    )
    assert messages == ["The answer is recorded as sent by post."]
    html = legal_card(page(client, complaint, warsaw(2026, 3, 5, 9)))
    assert 'class="badge due-at_risk"' in html
    assert "Answer sent, not yet delivered" in html
    assert 'id="answer-posted"' not in html and 'id="answer-delivered"' in html

    messages = post(
        client,
        "answer_delivered",
        complaint,
        {"delivered_on": "2026-03-06", "means": "post"},
        warsaw(2026, 3, 9, 9),
    )
    assert messages == ["Delivery recorded: the legal clock has stopped."]
    html = legal_card(page(client, complaint, warsaw(2026, 3, 20, 9)))
    assert 'class="badge due-met"' in html
    assert "Delivered on 6 Mar 2026" in html
    assert "<form" not in html
    timeline = page(client, complaint, warsaw(2026, 3, 20, 9))
    assert "Answer sent by post on 4 Mar 2026" in timeline
    assert "Answer delivered by post on 6 Mar 2026: the legal clock stopped" in timeline


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sent_on": ""}, "Answer sent by post on: This field is required."),
        ({"sent_on": "4 March"}, "Answer sent by post on: Give the date as YYYY-MM-DD."),
        ({"sent_on": "2026-03-05"}, "The date cannot be in the future."),
        (
            {"sent_on": "2026-02-27"},
            "The date cannot be before the complaint was received on 2 Mar 2026.",
        ),
    ],
)
def test_bad_posting_dates_are_refused_with_a_message(client, register, agent, data, message):
    complaint = register()
    client.force_login(agent)

    assert post(client, "answer_posted", complaint, data, warsaw(2026, 3, 4, 15)) == [message]
    assert clock_of(complaint).answer_sent_at is None


def test_a_delivery_before_the_posting_is_refused(client, register, agent):
    complaint = register()
    client.force_login(agent)
    post(client, "answer_posted", complaint, {"sent_on": "2026-03-04"}, warsaw(2026, 3, 4, 15))

    messages = post(
        client,
        "answer_delivered",
        complaint,
        {"delivered_on": "2026-03-03", "means": "post"},
        warsaw(2026, 3, 9, 9),
    )

    assert messages == ["The answer cannot have arrived before it was sent on 4 Mar 2026."]
    assert clock_of(complaint).legal_stopped_at is None


def test_a_specialist_cannot_record_an_answer(client, register, specialist, agent, now):
    from consultations.opinions import request_opinion

    complaint = register()
    request_opinion(
        complaint,
        specialist=specialist,
        question="Is it a defect?",
        due=now.date(),
        by=agent,
        now=now,
        wait=False,
    )
    client.force_login(specialist)

    messages = post(
        client, "answer_posted", complaint, {"sent_on": "2026-03-04"}, warsaw(2026, 3, 4, 15)
    )

    assert messages == ["Only the complaint team records answers and legal terms."]
    assert 'id="answer-posted"' not in legal_card(page(client, complaint, warsaw(2026, 3, 4)))


def test_staff_extend_a_financial_term_and_the_customer_is_told(client, register, agent):
    LegalRule.objects.exclude(subject="financial").update(is_active=False)
    LegalRule.objects.filter(jurisdiction="PL", subject="financial").update(subject="")
    complaint = register()
    client.force_login(agent)
    assert 'id="extend-term"' in legal_card(page(client, complaint, warsaw(2026, 3, 20)))

    assert post(client, "extend_term", complaint, {"reason": " "}, warsaw(2026, 3, 20)) == [
        "What the customer is told: This field is required."
    ]
    messages = post(
        client,
        "extend_term",
        complaint,
        {"reason": "We await the bank's records; answer by 4 May."},
        warsaw(2026, 3, 20),
    )

    assert messages == [
        "The legal term now ends on 4 May 2026; the customer is told why by e-mail."
    ]
    html = page(client, complaint, warsaw(2026, 3, 21))
    assert "4 May 2026 · extended (complex case)" in legal_card(html)
    assert 'id="extend-term"' not in legal_card(html)
    assert "Legal term extended to 4 May 2026 (complex case); the customer is told why" in html
    assert post(client, "extend_term", complaint, {"reason": "Again"}, warsaw(2026, 3, 22)) == [
        "The legal term was extended already, to 4 May 2026."
    ]


def test_extending_a_rule_without_a_longer_term_is_refused(client, register, agent):
    complaint = register()
    client.force_login(agent)

    messages = post(client, "extend_term", complaint, {"reason": "Complex."}, warsaw(2026, 3, 3))

    assert messages == [
        "The rule “Poland, consumer, services or digital content: answer in 14 days or deemed "
        "accepted” has no longer term for complex cases."
    ]


def test_the_customer_type_is_shown_and_changing_it_recomputes_the_clocks(
    client, register, agent, now
):
    complaint = register()
    earlier = register(product="Toaster")
    record_answer_sent(earlier, at=now)  # still waiting for delivery: its clock runs
    client.force_login(agent)
    html = page(client, complaint, warsaw(2026, 3, 3))
    assert '<dd id="customer-type">Consumer</dd>' in html

    messages = post(
        client, "customer_type", complaint, {"customer_type": "business"}, warsaw(2026, 3, 3)
    )

    assert messages == [
        "Customer type saved; the due dates of the customer's open complaints were recomputed."
    ]
    complaint.customer.refresh_from_db()
    assert complaint.customer.customer_type == CustomerType.BUSINESS
    for each in (complaint, earlier):
        rule = clock_of(each).legal_rule
        assert rule.name == "Default: answer within 30 days"
        assert rule.customer_type != CustomerType.CONSUMER
        entry = each.timeline.get(kind=TimelineEntry.Kind.CLASSIFIED)
        assert entry.data == {"customer_type": ["consumer", "business"]}
    html = page(client, complaint, warsaw(2026, 3, 3))
    assert '<dd id="customer-type">Business</dd>' in html
    assert "Customer type: Consumer → Business" in html


def test_a_bad_customer_type_is_refused(client, register, agent):
    complaint = register()
    client.force_login(agent)

    messages = post(
        client, "customer_type", complaint, {"customer_type": "alien"}, warsaw(2026, 3, 3)
    )

    assert messages == [
        "Complains as: Select a valid choice. alien is not one of the available choices."
    ]
    complaint.customer.refresh_from_db()
    assert complaint.customer.customer_type == CustomerType.CONSUMER
