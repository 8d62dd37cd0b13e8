"""The custom fields on the public form, the staff form, the detail page and the settings."""

import pytest
from django.test import Client

from complaints.models import Category, Complaint, TimelineEntry
from conftest import receipt
from customfields.definitions import add_definition
from customfields.models import AttributeDefinition, AttributeValue
from customfields.values import save_values

PUBLIC = "/complaints/new/"
STAFF = "/desk/complaints/new/"
SETTINGS = "/desk/settings/fields/"


def public_data(**overrides):
    data = {
        "name": "Cecilia Customer",
        "email": "cecilia@example.com",
        "phone": "",
        "product": "Espresso machine",
        "description": "It leaks water.",
        "requested_remedy": "repair",
        "consent": "on",
        "submission_key": "key-1",
    }
    data.update(overrides)
    return data


def staff_data(**overrides):
    return public_data(channel="phone", language="en", priority="20", **overrides)


def values_of(complaint):
    return dict(
        AttributeValue.objects.filter(complaint=complaint).values_list("definition__key", "value")
    )


@pytest.fixture
def customer_client(db):
    return Client()


def test_without_categories_the_public_form_looks_as_before(customer_client):
    html = customer_client.get(PUBLIC).content.decode()

    assert 'name="category"' not in html
    assert 'id="attribute-fields"' in html


def test_the_public_form_offers_active_categories(customer_client, goods, services):
    Category.objects.create(name="Retired", is_active=False)

    html = customer_client.get(PUBLIC).content.decode()

    assert 'name="category"' in html
    assert ">Goods</option>" in html
    assert ">Services</option>" in html
    assert "Retired" not in html
    assert 'hx-get="/complaints/new/fields/"' in html


def test_the_htmx_partial_gives_the_customer_fields_of_a_category(
    customer_client, goods, goods_fields
):
    response = customer_client.get(
        "/complaints/new/fields/",
        {"category": goods.pk, "lang": "pl", "attr_serial_number": "SN-typed"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="attribute-fields"')
    assert "<html" not in html
    assert 'name="attr_serial_number"' in html
    assert 'value="SN-typed"' in html
    assert 'name="attr_warranty_card"' in html
    assert '<option value="Online">' in html
    assert "attr_inspection_result" not in html
    assert 'lang="pl"' not in html  # a fragment, no page
    assert "Numer seryjny" not in html  # labels are the admin's own words


def test_the_partial_for_no_category_is_empty_but_swappable(customer_client, goods, goods_fields):
    html = customer_client.get("/complaints/new/fields/", {"category": ""}).content.decode()

    assert 'id="attribute-fields"' in html
    assert "attr_" not in html


def test_a_staff_only_field_never_appears_on_the_public_form_and_cannot_be_posted(
    customer_client, goods, goods_fields
):
    page = customer_client.get(PUBLIC, {"category": goods.pk}).content.decode()
    response = customer_client.post(
        PUBLIC,
        public_data(
            category=goods.pk,
            attr_serial_number="SN-1",
            attr_inspection_result="Injected",
        ),
    )

    assert "attr_inspection_result" not in page
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert values_of(complaint) == {"serial_number": "SN-1"}


def test_the_public_form_registers_the_category_and_its_answers(
    customer_client, goods, goods_fields
):
    response = customer_client.post(
        PUBLIC,
        public_data(
            category=goods.pk,
            attr_serial_number="SN-77",
            attr_weight_in_kg="3",
            attr_delivered_on="2026-02-01",
            attr_purchased_in="Shop",
            attr_warranty_card=receipt("card.pdf"),
        ),
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.category == goods
    assert values_of(complaint) == {
        "serial_number": "SN-77",
        "weight_in_kg": "3",
        "delivered_on": "2026-02-01",
        "purchased_in": "Shop",
        "warranty_card": None,
    }
    assert complaint.attachments.get().original_name == "card.pdf"


def test_bad_answers_are_shown_next_to_their_fields_and_typed_values_kept(
    customer_client, goods, goods_fields
):
    response = customer_client.post(
        PUBLIC,
        public_data(
            category=goods.pk,
            attr_serial_number="",
            attr_weight_in_kg="heavy",
            attr_purchased_in="Market",
            attr_delivered_on="2026-02-01",
            product="Kettle X",
        ),
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["attr_serial_number"] == ["This field is required."]
    assert errors["attr_weight_in_kg"] == ["Enter a number."]
    assert errors["attr_purchased_in"] == ["Choose one of the options in the list."]
    assert "attr_delivered_on" not in errors
    html = response.content.decode()
    assert 'value="Kettle X"' in html
    assert 'value="heavy"' in html
    assert 'value="2026-02-01"' in html
    assert Complaint.objects.count() == 0


def test_a_file_answer_is_checked_by_content_on_the_form(customer_client, goods, goods_fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("card.jpg", b"#!/bin/sh\nrm -rf /\n", "image/jpeg")
    response = customer_client.post(
        PUBLIC,
        public_data(category=goods.pk, attr_serial_number="SN-1", attr_warranty_card=fake),
    )

    assert response.status_code == 400
    assert "is not a photo" in response.context["form"].errors["attr_warranty_card"][0]
    assert "please choose your files again" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_changed_category_without_javascript_shows_its_fields_and_required_errors(
    customer_client, goods, services, goods_fields
):
    add_definition(category=services, label="Date of service", kind="date", required=True)

    # The customer switched from Goods to Services and pressed the send button.
    response = customer_client.post(
        PUBLIC, public_data(category=services.pk, attr_serial_number="SN-1")
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["attr_date_of_service"] == ["This field is required."]
    assert "attr_serial_number" not in form.fields
    html = response.content.decode()
    assert 'name="attr_date_of_service"' in html
    assert 'value="Cecilia Customer"' in html


def test_the_no_javascript_button_shows_the_fields_without_errors_or_saving(
    customer_client, goods, goods_fields
):
    response = customer_client.post(
        PUBLIC, public_data(category=goods.pk, show_fields="1", embed="1")
    )

    assert response.status_code == 200
    assert not response.context["form"].is_bound
    html = response.content.decode()
    assert 'name="attr_serial_number"' in html
    assert "This field is required." not in html
    assert 'value="Cecilia Customer"' in html
    assert 'class="embed"' in html
    assert Complaint.objects.count() == 0


def test_the_embedded_form_offers_categories_too(customer_client, goods, goods_fields):
    response = customer_client.get(PUBLIC, {"embed": "1"})

    html = response.content.decode()
    assert 'name="category"' in html
    assert 'name="embed" value="1"' in html
    assert "frame-ancestors *" in response["Content-Security-Policy"]


def test_staff_form_asks_all_fields_and_marks_staff_only_ones(client, agent, goods, goods_fields):
    client.force_login(agent)

    html = client.get("/desk/complaints/new/fields/", {"category": goods.pk}).content.decode()

    assert 'name="attr_inspection_result"' in html
    assert "Staff only." in html
    assert 'hx-get="/desk/complaints/new/fields/"' in client.get(STAFF).content.decode()


def test_staff_register_with_category_and_staff_only_answer(client, agent, goods, goods_fields):
    client.force_login(agent)

    response = client.post(
        STAFF,
        staff_data(category=goods.pk, attr_serial_number="SN-5", attr_inspection_result="Dented"),
    )

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert complaint.created_by == agent
    assert values_of(complaint) == {"serial_number": "SN-5", "inspection_result": "Dented"}


def test_the_staff_partial_is_for_staff_only(customer_client, goods):
    response = customer_client.get("/desk/complaints/new/fields/", {"category": goods.pk})

    assert response.status_code == 302


def test_the_detail_page_shows_answers_and_marks_staff_only_and_previous_ones(
    client, agent, register, goods, services, goods_fields, django_assert_max_num_queries
):
    complaint = register(category=goods, attributes={"serial_number": "SN-42"})
    complaint_with_more = register(
        category=goods,
        attributes={"serial_number": "SN-43", "warranty_card": receipt("card.pdf")},
        submission_key="other",
    )
    add_definition(category=services, label="Date of service", kind="date")
    Complaint.objects.filter(pk=complaint_with_more.pk).update(category=services)
    client.force_login(agent)

    html = client.get(f"/desk/complaints/{complaint.reference}/").content.decode()
    assert 'id="attributes"' in html
    assert "SN-42" in html
    assert "Inspection result" in html
    assert "staff only" in html
    assert "from the previous category" not in html

    moved = client.get(f"/desk/complaints/{complaint_with_more.reference}/").content.decode()
    assert "Date of service" in moved
    assert "SN-43" in moved
    assert "from the previous category" in moved
    assert "card.pdf" in moved


def test_the_detail_page_reads_the_answers_in_a_fixed_number_of_queries(
    client, agent, register, goods, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_definition(category=goods, label="Serial number", kind="text")
    complaint = register(category=goods, attributes={"serial_number": "SN-1"})
    client.force_login(agent)
    url = f"/desk/complaints/{complaint.reference}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(5):
        add_definition(category=goods, label=f"Extra {number}", kind="file")
    save_values(
        complaint,
        {f"extra_{n}": receipt(f"{n}.pdf") for n in range(5)},
        by=agent,
        now=complaint.received_at,
    )

    with django_assert_num_queries(len(few)):
        html = client.get(url).content.decode()

    assert "4.pdf" in html


def test_the_detail_page_has_no_details_card_when_nothing_applies(client, agent, register):
    complaint = register()
    client.force_login(agent)

    html = client.get(f"/desk/complaints/{complaint.reference}/").content.decode()

    assert 'id="attributes"' not in html


def test_staff_edit_answers_and_the_timeline_shows_it(client, agent, register, goods, goods_fields):
    complaint = register(category=goods, attributes={"serial_number": "SN-1"})
    client.force_login(agent)
    url = f"/desk/complaints/{complaint.reference}/details/"

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {"attr_serial_number": "SN-2", "attr_inspection_result": "Dented", "attr_purchased_in": ""},
        follow=True,
    )

    assert 'value="SN-1"' in page
    html = response.content.decode()
    assert "Details saved." in html
    assert "Details changed" in html
    assert "SN-1 → SN-2" in html
    assert values_of(complaint)["inspection_result"] == "Dented"


def test_bad_edits_are_shown_next_to_the_field_and_change_nothing(
    client, agent, register, goods, goods_fields
):
    complaint = register(category=goods, attributes={"serial_number": "SN-1"})
    client.force_login(agent)

    response = client.post(
        f"/desk/complaints/{complaint.reference}/details/",
        {"attr_serial_number": "", "attr_weight_in_kg": "lots"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["attr_serial_number"] == ["This field is required."]
    assert errors["attr_weight_in_kg"] == ["Enter a number."]
    assert 'value="lots"' in response.content.decode()
    assert values_of(complaint) == {"serial_number": "SN-1"}
    assert not TimelineEntry.objects.filter(kind="attributes").exists()


def test_agents_edit_only_complaints_they_may_see(
    client, agent, other_agent, register, goods, goods_fields, manager, now
):
    from complaints.ownership import assign_complaint

    complaint = register(category=goods, attributes={"serial_number": "SN-1"})
    assign_complaint(complaint, to=other_agent, by=manager, now=now)
    client.force_login(agent)

    response = client.post(
        f"/desk/complaints/{complaint.reference}/details/", {"attr_serial_number": "SN-X"}
    )

    assert response.status_code == 404
    assert values_of(complaint) == {"serial_number": "SN-1"}


def test_only_admins_open_the_field_settings(client, agent, manager, admin_user, goods_fields):
    for user in (agent, manager):
        client.force_login(user)
        assert client.get(SETTINGS).status_code == 302
        field = goods_fields["serial"]
        assert client.post(f"{SETTINGS}{field.pk}/delete/").status_code == 302
        assert client.post(f"{SETTINGS}{field.pk}/active/", {"active": "0"}).status_code == 302
    assert AttributeDefinition.objects.get(pk=goods_fields["serial"].pk).is_active
    client.force_login(admin_user)
    html = client.get(SETTINGS).content.decode()
    assert "Goods" in html
    assert "Serial number" in html
    assert "serial_number" in html


def test_settings_list_fields_grouped_by_category_with_every_category_first(
    client, admin_user, goods, services, django_assert_max_num_queries
):
    add_definition(category=services, label="Date of service", kind="date")
    add_definition(label="Store branch", kind="text")
    add_definition(category=goods, label="Serial number", kind="text")
    client.force_login(admin_user)

    with django_assert_max_num_queries(12):
        html = client.get(SETTINGS).content.decode()

    every = html.index("Every category</h2>")
    assert every < html.index("Goods</h2>") < html.index("Services</h2>")
    assert every < html.index("Store branch") < html.index("Serial number")


def test_the_empty_settings_page_says_what_to_do(client, admin_user):
    client.force_login(admin_user)

    html = client.get(SETTINGS).content.decode()

    assert "No custom fields yet." in html
    assert "No categories exist yet" in html


def test_admin_adds_a_choice_field_and_bad_choices_are_explained(client, admin_user, goods):
    client.force_login(admin_user)

    refused = client.post(
        SETTINGS,
        {"label": "Purchased in", "category": goods.pk, "kind": "choice", "choices": "Shop\nshop"},
    )
    added = client.post(
        SETTINGS,
        {
            "label": "Purchased in",
            "category": goods.pk,
            "kind": "choice",
            "choices": "Shop\r\nOnline\r\n",
            "required": "on",
            "visible_to_customer": "on",
        },
        follow=True,
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors["choices"] == ["“shop” is listed twice."]
    assert 'value="Purchased in"' in refused.content.decode()
    assert "Field “Purchased in” added." in added.content.decode()
    field = AttributeDefinition.objects.get()
    assert (field.key, field.choices, field.required) == (
        "purchased_in",
        ["Shop", "Online"],
        True,
    )


def test_admin_edits_a_field(client, admin_user, goods, goods_fields):
    client.force_login(admin_user)
    field = goods_fields["shop"]

    response = client.post(
        f"{SETTINGS}{field.pk}/",
        {
            "label": "Bought at",
            "category": goods.pk,
            "kind": "choice",
            "choices": "Shop\nOnline\nPhone",
            "position": "5",
        },
        follow=True,
    )

    assert "Field “Bought at” saved." in response.content.decode()
    field.refresh_from_db()
    assert (field.label, field.key, field.choices, field.visible_to_customer) == (
        "Bought at",
        "purchased_in",
        ["Shop", "Online", "Phone"],
        False,
    )


def test_removing_asks_first_and_an_answered_field_is_switched_off_instead(
    client, admin_user, register, goods, goods_fields
):
    register(category=goods, attributes={"serial_number": "SN-1"})
    client.force_login(admin_user)
    serial, weight = goods_fields["serial"], goods_fields["weight"]

    ask = client.get(f"{SETTINGS}{weight.pk}/delete/").content.decode()
    refuse = client.get(f"{SETTINGS}{serial.pk}/delete/").content.decode()
    refused = client.post(f"{SETTINGS}{serial.pk}/delete/", follow=True).content.decode()
    switched = client.post(f"{SETTINGS}{serial.pk}/active/", {"active": "0"}, follow=True)
    removed = client.post(f"{SETTINGS}{weight.pk}/delete/", follow=True).content.decode()

    assert 'id="confirm-remove"' in ask
    assert 'id="switch-off"' in refuse
    assert 'id="confirm-remove"' not in refuse
    assert "Switch it off instead" in refused
    assert "no longer asked" in switched.content.decode()
    assert not AttributeDefinition.objects.get(pk=serial.pk).is_active
    assert "Field removed." in removed
    assert not AttributeDefinition.objects.filter(pk=weight.pk).exists()
