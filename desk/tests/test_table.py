"""The complaint table (WF-10): columns per user, saved filters, bulk actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.classification import set_tags
from complaints.customers import Contact
from complaints.models import Category, Complaint, ComplaintType
from complaints.ownership import take_complaint
from desk.columns import CHOOSABLE, DEFAULT_COLUMNS, choose_list_columns, list_columns
from desk.models import DeskPreferences, SavedFilter
from desk.saved_filters import save_filter
from workflow.categories import change_category
from workflow.transitions import move_complaint

LIST = "/desk/"


def header_labels(response):
    return [header["column"].label for header in response.context["headers"]]


def listed(response):
    return [complaint.reference for complaint in response.context["page"].object_list]


# --- Columns ------------------------------------------------------------------------------


def test_a_new_user_sees_the_default_columns(client, register, agent):
    register()
    client.force_login(agent)

    response = client.get(LIST)

    assert [column.key for column in response.context["columns"]] == [
        "reference",
        *DEFAULT_COLUMNS,
    ]
    assert "Tags" not in header_labels(response)


def test_chosen_columns_are_remembered_and_applied(client, register, agent, now):
    complaint = register()
    set_tags(complaint, names=["courier damage"], by=agent, now=now)
    client.force_login(agent)

    refused = client.post(reverse("desk:choose_columns"), {"columns": ["tags", "no-such"]})
    assert "Choose columns from the list." in client.get(refused["Location"]).content.decode()
    assert not DeskPreferences.objects.filter(user=agent).exists()

    response = client.post(
        reverse("desk:choose_columns"),
        {"columns": ["owner", "tags"], "next": f"{LIST}?stage=new"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?stage=new"
    assert DeskPreferences.objects.get(user=agent).list_columns == ["tags", "owner"]
    page = client.get(LIST)
    assert header_labels(page) == ["Reference", "Tags", "Owner"]
    html = page.content.decode()
    assert "courier damage" in html
    assert "Received" not in html.split("<tbody>")[0].split("<table")[1]


def test_columns_are_per_user(agent, other_agent):
    choose_list_columns(agent, keys=["age"])

    assert [column.key for column in list_columns(agent)] == ["reference", "age"]
    assert [column.key for column in list_columns(other_agent)] == ["reference", *DEFAULT_COLUMNS]


def test_choosing_no_column_leaves_the_reference(client, register, agent):
    register()
    client.force_login(agent)

    client.post(reverse("desk:choose_columns"), {})

    assert header_labels(client.get(LIST)) == ["Reference"]


def test_next_must_stay_on_the_site(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("desk:choose_columns"), {"columns": ["age"], "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("desk:complaint_list")


def test_every_column_shows_its_value(client, register, agent, now):
    goods = Category.objects.create(name="Small appliances")
    complaint = register(product="Toaster Duo")
    change_category(complaint, category=goods, by=agent, now=now)
    Complaint.objects.filter(pk=complaint.pk).update(type=ComplaintType.DELIVERY)
    set_tags(complaint, names=["vip"], by=agent, now=now)
    choose_list_columns(agent, keys=CHOOSABLE)
    client.force_login(agent)

    html = client.get(LIST).content.decode()

    for text in ["Small appliances", "Delivery", "vip", "Toaster Duo", "Web form", " d<", "New"]:
        assert text in html, text


def test_query_count_with_every_column_does_not_grow_with_the_rows(client, register, agent, now):
    choose_list_columns(agent, keys=CHOOSABLE)
    goods = Category.objects.create(name="Goods")

    def add(count, start):
        for number in range(start, start + count):
            complaint = register(contact=Contact(name=f"C{number}", email=f"c{number}@example.com"))
            set_tags(complaint, names=[f"tag{number}", "shared"], by=agent, now=now)
            change_category(complaint, category=goods, by=agent, now=now)
            if number % 2:
                take_complaint(complaint, agent=agent, now=now)

    add(5, 0)
    client.force_login(agent)
    client.get(LIST)
    with CaptureQueriesContext(connection) as five:
        assert len(listed(client.get(LIST))) == 5
    add(25, 5)
    with CaptureQueriesContext(connection) as thirty:
        assert len(listed(client.get(LIST))) == 25

    assert len(thirty) == len(five)


def test_tags_are_loaded_only_when_their_column_is_shown(client, register, agent):
    register()
    client.force_login(agent)
    client.get(LIST)
    with CaptureQueriesContext(connection) as without_tags:
        client.get(LIST)
    choose_list_columns(agent, keys=[*DEFAULT_COLUMNS, "tags"])
    with CaptureQueriesContext(connection) as with_tags:
        client.get(LIST)

    assert len(with_tags) == len(without_tags) + 1


def test_the_list_sorts_by_category_and_type(client, register, agent, now):
    first, second = register(), register()
    change_category(first, category=Category.objects.create(name="Zeta"), by=agent, now=now)
    change_category(second, category=Category.objects.create(name="Alpha"), by=agent, now=now)
    Complaint.objects.filter(pk=first.pk).update(type=ComplaintType.BILLING)
    Complaint.objects.filter(pk=second.pk).update(type=ComplaintType.SERVICE)
    client.force_login(agent)

    assert listed(client.get(LIST + "?sort=category")) == [second.reference, first.reference]
    assert listed(client.get(LIST + "?sort=-category")) == [first.reference, second.reference]
    assert listed(client.get(LIST + "?sort=type")) == [first.reference, second.reference]
    assert listed(client.get(LIST + "?sort=-type")) == [second.reference, first.reference]


# --- Saved filters ------------------------------------------------------------------------


def test_saving_the_current_filters_keeps_only_what_the_filter_form_knows(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("desk:save_filter"),
        {"name": "  My   new ones ", "query": "stage=new&mine=on&sort=priority&evil=1&page=3"},
    )

    saved = SavedFilter.objects.get(user=agent)
    assert saved.name == "My new ones"
    assert saved.query == "stage=new&mine=on&sort=priority"
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?stage=new&mine=on&sort=priority"


def test_a_bad_filter_value_is_not_saved(client, agent):
    client.force_login(agent)

    client.post(reverse("desk:save_filter"), {"name": "Odd", "query": "stage=nope&owner=x"})

    assert SavedFilter.objects.get(user=agent).query == ""


def test_saved_filters_show_above_the_table_with_the_current_one_marked(
    client, register, agent, now
):
    register()
    save_filter(agent, name="New ones", query="stage=new", now=now)
    save_filter(agent, name="Urgent first", query="sort=-priority", now=now)
    client.force_login(agent)

    response = client.get(LIST + "?stage=new&junk=1")

    marked = {saved.name: saved.is_current for saved in response.context["saved_filters"]}
    assert marked == {"New ones": True, "Urgent first": False}
    html = response.content.decode()
    assert 'href="/desk/?stage=new" aria-current="true">New ones</a>' in html


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the filter a name."),
        ("   ", "Give the filter a name."),
        ("x" * 61, "at most 60 characters"),
        ("new ONES", "You already have a filter called “new ONES”. Choose another name."),
    ],
)
def test_a_bad_name_is_refused_next_to_the_field_and_keeps_the_filters(
    client, agent, now, name, message
):
    save_filter(agent, name="New ones", query="stage=new", now=now)
    client.force_login(agent)

    response = client.post(reverse("desk:save_filter"), {"name": name, "query": "stage=closed"})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'name="query" value="stage=closed"' in html
    assert SavedFilter.objects.count() == 1


def test_the_same_name_may_be_used_by_another_user(agent, other_agent, now):
    save_filter(agent, name="Mine", query="mine=on", now=now)
    save_filter(other_agent, name="Mine", query="mine=on", now=now)

    assert SavedFilter.objects.filter(name="Mine").count() == 2


def test_renaming_a_saved_filter(client, agent, now):
    saved = save_filter(agent, name="Old", query="stage=new", now=now)
    other = save_filter(agent, name="Taken", query="", now=now)
    client.force_login(agent)
    url = reverse("desk:rename_filter", args=[saved.pk])

    refused = client.post(url, {f"{saved.pk}-name": "taken"})
    renamed = client.post(url, {f"{saved.pk}-name": "Fresh"})

    assert refused.status_code == 400
    assert "You already have a filter called “taken”." in refused.content.decode()
    assert renamed.status_code == 302
    saved.refresh_from_db()
    assert saved.name == "Fresh"
    assert SavedFilter.objects.get(pk=other.pk).name == "Taken"


def test_deleting_a_saved_filter_asks_first(client, agent, now):
    saved = save_filter(agent, name="Old", query="stage=new", now=now)
    client.force_login(agent)
    url = reverse("desk:delete_filter", args=[saved.pk])

    confirmation = client.get(url)
    assert "Delete this saved filter?" in confirmation.content.decode()
    assert SavedFilter.objects.filter(pk=saved.pk).exists()

    response = client.post(url)

    assert response.status_code == 302
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


def test_a_user_never_sees_or_changes_anothers_saved_filters(client, agent, other_agent, now):
    theirs = save_filter(other_agent, name="Oscar's", query="stage=new", now=now)
    client.force_login(agent)

    page = client.get(reverse("desk:saved_filters")).content.decode()
    listed_page = client.get(LIST).content.decode()
    rename = client.post(
        reverse("desk:rename_filter", args=[theirs.pk]), {f"{theirs.pk}-name": "Mine now"}
    )
    delete_form = client.get(reverse("desk:delete_filter", args=[theirs.pk]))
    delete = client.post(reverse("desk:delete_filter", args=[theirs.pk]))

    assert "Oscar&#x27;s" not in page and "Oscar's" not in page
    assert "Oscar" not in listed_page.split('id="results"')[1].split("<table")[0]
    assert (rename.status_code, delete_form.status_code, delete.status_code) == (404, 404, 404)
    assert SavedFilter.objects.get(pk=theirs.pk).name == "Oscar's"


def test_saved_filters_need_a_signed_in_member_of_staff(client, db):
    assert client.get(reverse("desk:saved_filters")).status_code == 302
    assert client.post(reverse("desk:save_filter"), {"name": "x"}).status_code == 302


# --- Bulk actions -------------------------------------------------------------------------


def bulk_post(client, complaints, *, seen=None, next_url=LIST, **fields):
    data = {
        "complaint": [str(complaint.pk) for complaint in complaints],
        "next": next_url,
        **{f"bulk-{name}": value for name, value in fields.items()},
    }
    for complaint in complaints:
        data[f"seen_{complaint.pk}"] = (seen or {}).get(complaint.pk, complaint.stage)
    return client.post(reverse("desk:bulk_action"), data)


def test_bulk_move_reports_each_refusal_and_moves_the_rest(
    client, register, agent, other_agent, now
):
    movable = [register(), register()]
    already = register()
    move_complaint(already, to="verification", by=agent, now=now)
    stale = register()
    theirs = register()
    take_complaint(theirs, agent=other_agent, now=now)
    client.force_login(agent)
    # Moved by someone else between showing the list and posting the action.
    move_complaint(stale, to="rejected", by=other_agent, now=now, reason="Duplicate")

    response = bulk_post(
        client,
        [*movable, already, stale, theirs],
        seen={stale.pk: "new", already.pk: "verification"},
        action="move",
        stage="verification",
        next_url=f"{LIST}?sort=customer",
    )

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?sort=customer"
    html = client.get(response["Location"]).content.decode()

    assert "2 moved; 3 refused:" in html
    assert (
        f"<strong>{already.reference}</strong>: "
        "A complaint in “Verification” cannot move to “Verification”." in html
    )
    assert f"<strong>{stale.reference}</strong>: Someone else moved" in html
    assert f"<strong>Complaint #{theirs.pk}</strong>: Not found, or not yours to see." in html
    assert [Complaint.objects.get(pk=c.pk).stage for c in movable] == ["verification"] * 2
    assert Complaint.objects.get(pk=stale.pk).stage == "rejected"
    assert Complaint.objects.get(pk=theirs.pk).stage == "new"


def test_bulk_move_refuses_a_complaint_moved_since_the_list_was_shown(
    client, register, agent, other_agent, now
):
    complaint = register()
    client.force_login(agent)
    seen = {complaint.pk: complaint.stage}
    move_complaint(complaint, to="verification", by=other_agent, now=now)

    response = bulk_post(
        client, [complaint], seen=seen, action="move", stage="rejected", reason="Late"
    )

    html = client.get(response["Location"]).content.decode()
    assert "0 moved; 1 refused:" in html
    assert f"Someone else moved {complaint.reference} to “Verification” meanwhile." in html
    assert Complaint.objects.get(pk=complaint.pk).stage == "verification"


def test_the_summary_is_shown_once(client, register, agent):
    complaint = register()
    client.force_login(agent)

    bulk_post(client, [complaint], action="move", stage="verification")

    assert "1 moved." in client.get(LIST).content.decode()
    assert "1 moved." not in client.get(LIST).content.decode()


def test_bulk_move_with_a_reason(client, register, agent):
    first, second = register(), register()
    client.force_login(agent)

    response = bulk_post(
        client, [first, second], action="move", stage="rejected", reason="Not our product"
    )

    assert "2 moved." in client.get(response["Location"]).content.decode()
    assert set(Complaint.objects.values_list("stage", flat=True)) == {"rejected"}


def test_a_manager_assigns_in_bulk_and_the_list_offers_it_only_to_managers(
    client, register, agent, manager
):
    first, second = register(), register()
    client.force_login(agent)
    assert "Assign them" not in client.get(LIST).content.decode()
    refused = bulk_post(client, [first], action="assign", owner=str(agent.pk))
    assert "Select a valid choice. assign is not one of the available choices." in (
        client.get(refused["Location"]).content.decode()
    )
    assert Complaint.objects.get(pk=first.pk).owner is None

    client.force_login(manager)
    assert "Assign them" in client.get(LIST).content.decode()
    response = bulk_post(client, [first, second], action="assign", owner=str(agent.pk))
    assert "2 assigned." in client.get(response["Location"]).content.decode()
    assert Complaint.objects.get(pk=first.pk).owner == agent
    bulk_post(client, [second], action="assign", owner="none")

    assert Complaint.objects.get(pk=second.pk).owner is None


def test_an_agent_takes_in_bulk(client, register, agent, other_agent, now):
    free = register()
    taken = register()
    take_complaint(taken, agent=other_agent, now=now)
    client.force_login(agent)

    response = bulk_post(client, [free, taken], action="take")

    html = client.get(response["Location"]).content.decode()
    assert "1 taken; 1 refused:" in html
    assert Complaint.objects.get(pk=free.pk).owner == agent
    assert Complaint.objects.get(pk=taken.pk).owner == other_agent


def test_tags_are_added_in_bulk(client, register, agent, now):
    first, second = register(), register()
    set_tags(first, names=["vip"], by=agent, now=now)
    client.force_login(agent)

    response = bulk_post(client, [first, second], action="tag", tags="courier damage, VIP")

    assert "2 tagged." in client.get(response["Location"]).content.decode()
    assert sorted(first.tags.values_list("name", flat=True)) == ["courier damage", "vip"]
    assert sorted(second.tags.values_list("name", flat=True)) == ["courier damage", "vip"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"action": "move"}, "Choose the stage to move them to."),
        ({"action": "tag", "tags": ""}, "Give at least one tag to add."),
        ({"action": "explode"}, "Select a valid choice."),
    ],
)
def test_an_incomplete_bulk_action_says_what_is_missing(client, register, agent, fields, message):
    complaint = register()
    client.force_login(agent)

    response = bulk_post(client, [complaint], **fields)

    assert message in client.get(response["Location"]).content.decode()
    assert Complaint.objects.get(pk=complaint.pk).stage == "new"


def test_a_bulk_action_without_a_ticked_complaint_says_so(client, agent):
    client.force_login(agent)

    response = client.post(reverse("desk:bulk_action"), {"bulk-action": "take"})

    assert "Tick at least one complaint first." in client.get(response["Location"]).content.decode()


def test_a_bulk_action_on_too_many_complaints_is_refused(client, register, agent):
    complaint = register()
    client.force_login(agent)
    ids = [str(complaint.pk), *(str(n) for n in range(10**6, 10**6 + 200))]

    response = client.post(reverse("desk:bulk_action"), {"complaint": ids, "bulk-action": "take"})

    html = client.get(response["Location"]).content.decode()
    assert "Choose at most 200 complaints at once (you chose 201)." in html
    assert Complaint.objects.get(pk=complaint.pk).owner is None


def test_bulk_actions_need_post_and_staff(client, agent, db):
    assert client.post(reverse("desk:bulk_action")).status_code == 302
    assert client.post(reverse("desk:bulk_action"))["Location"].startswith("/accounts/login/")
    client.force_login(agent)
    assert client.get(reverse("desk:bulk_action")).status_code == 405


def test_the_list_has_a_checkbox_per_row_with_the_stage_it_shows(client, register, agent):
    complaint = register()
    client.force_login(agent)

    html = client.get(LIST).content.decode()

    assert f'name="complaint" value="{complaint.pk}"' in html
    assert f'name="seen_{complaint.pk}" value="new"' in html
    assert 'id="select-page"' in html


def test_the_age_column_shows_how_long_ago_it_arrived(client, register, agent):
    register(received_at=timezone.now())
    choose_list_columns(agent, keys=["age"])
    client.force_login(agent)

    assert "0 min" in client.get(LIST).content.decode()


def test_due_soonest_sorts_by_the_service_level_and_colours_the_dates(client, register, agent, now):
    from datetime import timedelta

    from django.utils import timezone

    from deadlines.models import ComplaintClock

    later, sooner, without = register(), register(), register()
    today = timezone.now()  # the page colours by the real clock
    ComplaintClock.objects.filter(complaint__in=[later, sooner]).update(sla_started_at=today)
    ComplaintClock.objects.filter(complaint=later).update(resolution_due=today + timedelta(days=30))
    ComplaintClock.objects.filter(complaint=sooner).update(
        resolution_due=today - timedelta(hours=1)
    )
    ComplaintClock.objects.filter(complaint=without).delete()
    client.force_login(agent)

    response = client.get(reverse("desk:complaint_list"), {"sort": "due"})
    backwards = client.get(reverse("desk:complaint_list"), {"sort": "-due"})

    assert [c.reference for c in response.context["page"]] == [
        sooner.reference,
        later.reference,
        without.reference,
    ]
    assert [c.reference for c in backwards.context["page"]][-1] == without.reference
    html = response.content.decode()
    assert 'class="due due-breached"' in html
    assert 'class="due due-on_time"' in html


def test_due_soonest_puts_complaints_whose_clock_stopped_last(
    client, register, agent, now, django_capture_on_commit_callbacks
):
    """A closed complaint's old due date must not lead the list of what is due soonest."""
    from datetime import timedelta

    from deadlines.models import ComplaintClock

    closed = register(received_at=now - timedelta(days=20))
    open_one = register()
    with django_capture_on_commit_callbacks(execute=True):
        move_complaint(closed, to="rejected", by=agent, now=now, reason="Not ours")
    assert ComplaintClock.objects.get(complaint=closed).stopped_at == now
    assert ComplaintClock.objects.get(complaint=closed).resolution_due < (
        ComplaintClock.objects.get(complaint=open_one).resolution_due
    )
    client.force_login(agent)

    response = client.get(reverse("desk:complaint_list"), {"sort": "due"})

    assert [c.reference for c in response.context["page"]] == [
        open_one.reference,
        closed.reference,
    ]
