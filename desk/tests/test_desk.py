import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.customers import Contact
from complaints.models import Category, Complaint, TimelineEntry
from complaints.ownership import take_complaint
from conftest import photo, receipt

LIST = "/desk/"


def detail_url(complaint):
    return reverse("desk:complaint_detail", args=[complaint.reference])


@pytest.mark.parametrize("url", [LIST, "/desk/complaints/new/", "/desk/customers/search/?email=ce"])
def test_desk_pages_refuse_anyone_not_signed_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_sign_in_lands_on_the_desk(client, agent):
    from conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": "agnes", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == LIST


def test_list_shows_the_queue_and_own_complaints_to_an_agent(
    client, register, agent, other_agent, now
):
    shared = register()
    mine = register()
    theirs = register()
    take_complaint(mine, agent=agent, now=now)
    take_complaint(theirs, agent=other_agent, now=now)
    client.force_login(agent)

    html = client.get(LIST).content.decode()

    assert shared.reference in html
    assert mine.reference in html
    assert theirs.reference not in html
    assert client.get(detail_url(theirs)).status_code == 404


def test_manager_sees_every_complaint(client, register, other_agent, manager, now):
    theirs = register()
    take_complaint(theirs, agent=other_agent, now=now)
    client.force_login(manager)

    assert theirs.reference in client.get(LIST).content.decode()
    assert client.get(detail_url(theirs)).status_code == 200


def test_filters_by_stage_owner_channel_and_only_mine(client, register, agent, manager, now):
    web = register()
    phone = register(channel="phone")
    closed = register()
    Complaint.objects.filter(pk=closed.pk).update(stage="closed")
    take_complaint(phone, agent=agent, now=now)
    client.force_login(agent)

    def listed(query):
        page = client.get(LIST + query).context["page"]
        return {complaint.reference for complaint in page.object_list}

    assert listed("?stage=closed") == {closed.reference}
    assert listed("?channel=phone") == {phone.reference}
    assert listed("?mine=on") == {phone.reference}
    assert listed(f"?owner={agent.pk}") == {phone.reference}
    assert listed("?owner=none") == {web.reference, closed.reference}
    assert listed("?stage=no-such-stage") == {web.reference, phone.reference, closed.reference}


def test_list_sorts_by_column_and_ignores_unknown_sorts(client, register, agent, now):
    from datetime import timedelta

    older = register(
        contact=Contact(name="Zed", email="z@example.com"), received_at=now - timedelta(days=1)
    )
    newer = register(contact=Contact(name="Abe", email="a@example.com"))
    client.force_login(agent)

    def order(query):
        return [c.reference for c in client.get(LIST + query).context["page"].object_list]

    assert order("") == [newer.reference, older.reference]
    assert order("?sort=received") == [older.reference, newer.reference]
    assert order("?sort=customer") == [newer.reference, older.reference]
    assert order("?sort=-customer") == [older.reference, newer.reference]
    assert order("?sort=;drop table") == [newer.reference, older.reference]


def test_list_paginates(client, register, agent):
    for _ in range(30):
        register()
    client.force_login(agent)

    first = client.get(LIST).context["page"]
    second = client.get(LIST + "?page=2").context["page"]
    beyond = client.get(LIST + "?page=999").context["page"]

    assert len(first.object_list) == 25
    assert len(second.object_list) == 5
    assert beyond.number == 2


def test_empty_list_says_so(client, agent):
    client.force_login(agent)

    assert "No complaints here" in client.get(LIST).content.decode()


def test_list_query_count_does_not_grow_with_the_page(client, register, agent, other_agent, now):
    client.force_login(agent)
    register()
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(20):
        complaint = register(contact=Contact(name=f"C{number}", email=f"c{number}@example.com"))
        take_complaint(complaint, agent=agent, now=now)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)

    assert len(many) == len(few)


def test_htmx_filter_request_gets_only_the_results(client, register, agent):
    register()
    client.force_login(agent)

    response = client.get(LIST + "?stage=new", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html


def test_detail_shows_every_field_attachments_and_timeline(client, register, agent, now):
    complaint = register(uploads=[photo(), receipt()], purchase_date=now.date())
    take_complaint(complaint, agent=agent, now=now)
    client.force_login(agent)

    response = client.get(detail_url(complaint))

    html = response.content.decode()
    for text in [
        complaint.reference,
        "Cecilia Customer",
        "cecilia@example.com",
        "Kettle Steel 1.7 l",
        "ORD-1001",
        "The lid does not close.",
        "Replacement",
        "Web form",
        "broken.jpg",
        "receipt.pdf",
        "Complaint registered",
        "Taken by Agnes from the shared queue",
    ]:
        assert text in html, text
    thumbnail = complaint.attachments.get(original_name="broken.jpg")
    assert reverse("desk:attachment_thumbnail", args=[thumbnail.pk]) in html


def test_attachments_are_served_only_to_staff_who_may_see_them(
    client, register, agent, other_agent, now
):
    complaint = register(uploads=[photo()])
    take_complaint(complaint, agent=other_agent, now=now)
    attachment = complaint.attachments.get()
    url = reverse("desk:attachment", args=[attachment.pk])

    assert client.get(url).status_code == 302
    client.force_login(agent)
    assert client.get(url).status_code == 404
    client.force_login(other_agent)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    thumb = client.get(reverse("desk:attachment_thumbnail", args=[attachment.pk]))
    assert thumb.status_code == 200


def test_files_are_stored_under_random_names_outside_static(register, settings):
    complaint = register(uploads=[photo("../../etc/passwd.jpg")])

    stored = complaint.attachments.get()
    assert "passwd" not in stored.file.name
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    assert stored.original_name == "../../etc/passwd.jpg" or "passwd" in stored.original_name


def test_agent_takes_a_complaint(client, register, agent):
    complaint = register()
    client.force_login(agent)

    response = client.post(reverse("desk:take", args=[complaint.reference]), follow=True)

    complaint.refresh_from_db()
    assert complaint.owner == agent
    assert "You own" in response.content.decode()


def test_taking_a_complaint_someone_else_took_explains_why(
    client, register, agent, other_agent, manager, now
):
    complaint = register()
    take_complaint(complaint, agent=other_agent, now=now)
    client.force_login(manager)

    response = client.post(reverse("desk:take", args=[complaint.reference]), follow=True)

    assert "already owns this complaint" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.owner == other_agent


def test_take_requires_post(client, register, agent):
    complaint = register()
    client.force_login(agent)

    assert client.get(reverse("desk:take", args=[complaint.reference])).status_code == 405


def test_manager_assigns_and_agent_may_not(client, register, agent, other_agent, manager):
    complaint = register()
    url = reverse("desk:assign", args=[complaint.reference])

    client.force_login(agent)
    client.post(url, {"owner": other_agent.pk}, follow=True)
    complaint.refresh_from_db()
    assert complaint.owner is None
    assert (
        "assign_form" not in client.get(detail_url(complaint)).context
        or client.get(detail_url(complaint)).context["assign_form"] is None
    )

    client.force_login(manager)
    client.post(url, {"owner": other_agent.pk})
    complaint.refresh_from_db()
    assert complaint.owner == other_agent
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.ASSIGNED).get().actor == manager

    response = client.post(url, {"owner": "999999"}, follow=True)
    assert "Choose a member of staff" in response.content.decode()


def test_staff_register_a_phoned_in_complaint(client, agent, django_capture_on_commit_callbacks):
    client.force_login(agent)

    response = client.post(
        "/desk/complaints/new/",
        {
            "name": "Walter Walk-in",
            "email": "",
            "phone": "+48 600 100 200",
            "channel": "phone",
            "language": "pl",
            "product": "Sofa",
            "order_number": "",
            "purchase_date": "",
            "description": "Torn fabric.",
            "requested_remedy": "repair",
            "priority": "30",
            "consent": "on",
            "attachments": [photo()],
        },
    )

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(complaint)
    assert complaint.channel == "phone"
    assert complaint.language == "pl"
    assert complaint.priority == 30
    assert complaint.created_by == agent
    assert complaint.attachments.count() == 1


def test_staff_form_keeps_input_on_error(client, agent):
    client.force_login(agent)

    response = client.post(
        "/desk/complaints/new/",
        {
            "name": "Walter",
            "email": "",
            "phone": "",
            "channel": "phone",
            "language": "en",
            "description": "",
            "requested_remedy": "repair",
            "priority": "20",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"email", "description", "consent"} <= set(errors)
    assert 'value="Walter"' in response.content.decode()
    assert Complaint.objects.count() == 0


def test_typing_finds_the_existing_customer_and_their_complaints(client, register, agent):
    earlier = register(
        contact=Contact(name="Greta Garbo", email="greta@example.com", phone="+48 601 000 111")
    )
    client.force_login(agent)

    for query in ("?email=greta@", "?name=garbo", "?phone=601 000"):
        html = client.get("/desk/customers/search/" + query).content.decode()
        assert "Greta Garbo" in html, query
        assert earlier.reference in html, query

    nobody = client.get("/desk/customers/search/?name=zzzz").content.decode()
    assert "a new one will be created" in nobody


def test_picking_a_customer_fills_the_form_and_registers_for_them(client, register, agent):
    earlier = register(contact=Contact(name="Greta Garbo", email="greta@example.com"))
    client.force_login(agent)

    picked = client.get(reverse("desk:customer_pick", args=[earlier.customer.pk]))
    html = picked.content.decode()
    assert 'value="greta@example.com"' in html
    assert f'name="customer" value="{earlier.customer.pk}"' in html

    client.post(
        "/desk/complaints/new/",
        {
            "customer": earlier.customer.pk,
            "name": "Greta Garbo",
            "email": "greta@example.com",
            "phone": "",
            "channel": "email",
            "language": "en",
            "description": "Again broken.",
            "requested_remedy": "refund",
            "priority": "20",
            "consent": "on",
        },
    )

    assert Complaint.objects.filter(customer=earlier.customer).count() == 2


def test_a_bad_filter_value_drops_only_that_filter(client, register, agent):
    web = register()
    register(channel="phone")
    client.force_login(agent)

    page = client.get(LIST + "?channel=web_form&stage=bogus&sort=bogus").context["page"]

    assert [c.reference for c in page.object_list] == [web.reference]


def test_detail_offers_the_moves_the_process_allows(client, register, agent):
    complaint = register()
    client.force_login(agent)

    html = client.get(detail_url(complaint)).content.decode()

    assert 'name="to" value="verification"' in html
    assert 'name="to" value="rejected"' in html
    assert 'name="to" value="closed"' not in html
    assert 'name="seen_stage" value="new"' in html


def test_moving_from_the_detail_page(client, register, agent):
    complaint = register()
    client.force_login(agent)

    response = client.post(
        reverse("desk:move", args=[complaint.reference]),
        {"to": "verification", "seen_stage": "new"},
        follow=True,
    )

    complaint.refresh_from_db()
    assert complaint.stage == "verification"
    html = response.content.decode()
    assert "moved to “Verification”" in html
    assert "Moved from “New” to “Verification”" in html


def test_a_refused_move_explains_itself_and_changes_nothing(client, register, agent):
    complaint = register()
    client.force_login(agent)

    response = client.post(
        reverse("desk:move", args=[complaint.reference]),
        {"to": "rejected", "seen_stage": "new", "reason": ""},
        follow=True,
    )

    complaint.refresh_from_db()
    assert complaint.stage == "new"
    assert "Give a reason" in response.content.decode()


def test_a_stale_form_is_refused(client, register, agent, other_agent, now):
    from workflow.transitions import move_complaint

    complaint = register()
    move_complaint(complaint, to="verification", by=other_agent, now=now)
    client.force_login(agent)

    response = client.post(
        reverse("desk:move", args=[complaint.reference]),
        {"to": "rejected", "seen_stage": "new", "reason": "Duplicate"},
        follow=True,
    )

    complaint.refresh_from_db()
    assert complaint.stage == "verification"
    assert "Someone else moved" in response.content.decode()


def test_an_agent_cannot_move_someone_elses_complaint(client, register, agent, other_agent, now):
    complaint = register()
    take_complaint(complaint, agent=other_agent, now=now)
    client.force_login(agent)

    response = client.post(reverse("desk:move", args=[complaint.reference]), {"to": "verification"})

    assert response.status_code == 404


def test_deciding_through_the_form(client, register, verify, agent, now):
    from workflow.transitions import move_complaint

    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    verify(complaint, by=agent)
    move_complaint(complaint, to="decision", by=agent, now=now)
    client.force_login(agent)
    detail = client.get(detail_url(complaint)).content.decode()
    assert 'id="decide"' in detail
    assert 'name="to" value="resolution"' not in detail
    url = reverse("desk:decide", args=[complaint.reference])

    invalid = client.post(
        url,
        {
            "outcome": "accepted",
            "justification": "Defect.",
            "remedy": "refund",
            "currency": "PLN",
            "seen_stage": "decision",
        },
    )
    assert invalid.status_code == 200
    assert "amount" in invalid.context["form"].errors

    response = client.post(
        url,
        {
            "outcome": "accepted",
            "justification": "Defect.",
            "remedy": "refund",
            "amount": "120.50",
            "currency": "PLN",
            "seen_stage": "decision",
        },
        follow=True,
    )

    complaint.refresh_from_db()
    assert complaint.stage == "resolution"
    html = response.content.decode()
    assert "Decision recorded" in html
    assert "Decision: accepted · Refund · 120.50 PLN" in html


def test_staff_add_notes_from_the_detail_page(client, register, agent):
    complaint = register()
    client.force_login(agent)
    url = reverse("desk:note", args=[complaint.reference])

    client.post(url, {"text": "Called the customer back."})
    client.post(url, {"text": "The courier collects it on Monday.", "is_public": "on"})
    empty = client.post(url, {"text": "  "}, follow=True)

    assert "Write the note first." in empty.content.decode()
    html = client.get(detail_url(complaint)).content.decode()
    assert "Internal note" in html
    assert "Called the customer back." in html
    assert "Note to the customer" in html
    notes = complaint.timeline.filter(kind=TimelineEntry.Kind.NOTE)
    assert [n.is_public for n in notes] == [False, True]


def test_classification_is_changed_from_the_detail_page(client, register, agent):
    goods = Category.objects.create(name="Goods")
    complaint = register()
    client.force_login(agent)
    url = reverse("desk:classify", args=[complaint.reference])
    form = {"priority": "30", "category": goods.pk, "type": "delivery", "complexity": "30"}

    client.post(url, {**form, "tags": "urgent, Courier damage, URGENT"})
    bad = client.post(url, {**form, "priority": "loud", "tags": "other"}, follow=True)

    complaint.refresh_from_db()
    assert (complaint.priority, complaint.category, complaint.type, complaint.complexity) == (
        30,
        goods,
        "delivery",
        30,
    )
    assert sorted(tag.name for tag in complaint.tags.all()) == ["Courier damage", "urgent"]
    assert "Select a valid choice" in bad.content.decode()
    html = client.get(detail_url(complaint)).content.decode()
    assert "Priority set to High" in html
    assert "Courier damage" in html


def test_a_bad_tag_changes_nothing_on_the_detail_page(client, register, agent):
    complaint = register()
    client.force_login(agent)
    url = reverse("desk:classify", args=[complaint.reference])

    response = client.post(
        url,
        {"priority": "40", "category": "", "type": "", "complexity": "20", "tags": "x" * 60},
        follow=True,
    )

    complaint.refresh_from_db()
    assert "a tag has at most 50 characters" in response.content.decode()
    assert complaint.priority == 20
    assert not complaint.tags.exists()


def test_the_list_filters_by_category_and_tag(client, register, agent, now):
    from complaints.classification import set_tags
    from workflow.categories import change_category

    goods = Category.objects.create(name="Goods")
    in_goods, tagged = register(), register()
    change_category(in_goods, category=goods, by=agent, now=now)
    set_tags(tagged, names=["vip"], by=agent, now=now)
    client.force_login(agent)

    by_category = client.get(reverse("desk:complaint_list"), {"category": goods.pk})
    by_tag = client.get(reverse("desk:complaint_list"), {"tag": tagged.tags.get().pk})

    assert [c.reference for c in by_category.context["page"]] == [in_goods.reference]
    assert [c.reference for c in by_tag.context["page"]] == [tagged.reference]


def test_classification_changes_read_well_on_the_timeline(client, register, agent, now):
    from complaints.classification import classify, set_tags

    complaint = register()
    classify(complaint, type="delivery", complexity=30, by=agent, now=now)
    set_tags(complaint, names=["fragile"], by=agent, now=now)
    client.force_login(agent)

    html = client.get(detail_url(complaint)).content.decode()

    assert "Type: — → Delivery" in html
    assert "Complexity: Standard → Complex" in html
    assert 'Tagged <span class="badge tag">fragile</span>' in html
