"""The customer says whether they complain as a consumer or a business (DL-2): the web form,
the staff form and every channel through register_complaint."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from complaints.customers import Contact
from complaints.models import Complaint, CustomerType, TimelineEntry
from deadlines.models import ComplaintClock
from intake.tests.test_public_form import URL, form_data


def legal_rule_of(complaint):
    return ComplaintClock.objects.select_related("legal_rule").get(complaint=complaint).legal_rule


def test_the_web_form_asks_consumer_or_business_with_consumer_chosen(db):
    html = Client().get(URL).content.decode()

    assert "You are complaining as" in html
    assert 'name="customer_type" value="consumer" id="id_customer_type_0" checked>' in html
    assert 'name="customer_type" value="business" id="id_customer_type_1">' in html
    assert "Consumers have statutory rights" in html


def test_a_business_complaining_on_the_web_form_gets_no_consumer_term(db):
    response = Client().post(URL, form_data(customer_type="business"))

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.customer.customer_type == CustomerType.BUSINESS
    rule = legal_rule_of(complaint)
    assert rule.customer_type != CustomerType.CONSUMER
    assert rule.name == "Default: answer within 30 days"


def test_a_consumer_gets_the_polish_14_day_term(db):
    Client().post(URL, form_data(customer_type="consumer"))

    complaint = Complaint.objects.get()
    assert complaint.customer.customer_type == CustomerType.CONSUMER
    assert legal_rule_of(complaint).days == 14


def test_a_form_posted_without_the_question_makes_a_consumer(db):
    data = form_data()
    data.pop("customer_type", None)

    assert Client().post(URL, data).status_code == 302
    assert Complaint.objects.get().customer.customer_type == CustomerType.CONSUMER


def test_a_bad_customer_type_is_refused_with_a_message(db):
    response = Client().post(URL, form_data(customer_type="alien"))

    assert response.status_code == 400
    assert response.context["form"].errors["customer_type"] == [
        "Select a valid choice. alien is not one of the available choices."
    ]
    assert Complaint.objects.count() == 0


def test_register_complaint_refuses_an_unknown_customer_type(register):
    with pytest.raises(ValidationError) as refusal:
        register(customer_type="government")

    assert refusal.value.message_dict == {"customer_type": ["Choose consumer or business."]}


def test_a_returning_customer_keeps_their_type_unless_they_say_otherwise(register, now):
    first = register(customer_type="business")
    assert legal_rule_of(first).name == "Default: answer within 30 days"

    # A channel that does not ask (e-mail, the API) leaves the stored type.
    second = register(product="Toaster")
    assert second.customer.customer_type == CustomerType.BUSINESS
    assert legal_rule_of(second).name == "Default: answer within 30 days"

    # Saying otherwise changes it, and the clocks of their open complaints follow.
    third = register(product="Fridge", customer_type="consumer")
    assert third.customer.customer_type == CustomerType.CONSUMER
    for complaint in (first, second, third):
        assert legal_rule_of(complaint).customer_type == CustomerType.CONSUMER
    entry = first.timeline.get(kind=TimelineEntry.Kind.CLASSIFIED)
    assert entry.data == {"customer_type": ["business", "consumer"]}
    assert entry.actor is None  # the customer said so
    assert not third.timeline.filter(kind=TimelineEntry.Kind.CLASSIFIED).exists()


def test_staff_register_a_business_and_picking_a_customer_shows_their_type(client, register, agent):
    earlier = register(
        contact=Contact(name="Bolt Ltd", email="orders@bolt.example"), customer_type="business"
    )
    client.force_login(agent)

    new_form = client.get(reverse("desk:new_complaint")).content.decode()
    assert "The customer complains as" in new_form
    assert "As on record (a consumer when new)" in new_form
    picked = client.get(reverse("desk:customer_pick", args=[earlier.customer.pk]))
    assert 'value="business" id="id_customer_type_2" checked' in picked.content.decode()

    response = client.post(
        reverse("desk:new_complaint"),
        {
            "name": "Carl Corp",
            "email": "carl@corp.example",
            "phone": "",
            "customer_type": "business",
            "channel": "phone",
            "language": "en",
            "description": "Twelve kettles leak.",
            "requested_remedy": "refund",
            "priority": "20",
            "consent": "on",
        },
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get(customer__email="carl@corp.example")
    assert complaint.customer.customer_type == CustomerType.BUSINESS
