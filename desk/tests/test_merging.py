import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.customers import Contact
from complaints.merging import link_complaints, linked_complaints, merge_complaint
from complaints.models import Complaint, ComplaintLink, TimelineEntry
from complaints.ownership import take_complaint
from workflow.transitions import TransitionRefused, move_complaint

OTHER_CUSTOMER = Contact(name="Dorota Different", email="dorota@example.com")


def detail_url(complaint):
    return reverse("desk:complaint_detail", args=[complaint.reference])


def merge_url(complaint):
    return reverse("desk:merge", args=[complaint.reference])


def link_url(complaint):
    return reverse("desk:link", args=[complaint.reference])


def unlink_url(complaint, other):
    return reverse("desk:unlink", args=[complaint.reference, other.reference])


def nothing_merged():
    return not Complaint.objects.filter(merged_into__isnull=False).exists()


@pytest.mark.parametrize("name", ["link", "merge"])
def test_merging_pages_refuse_anyone_not_signed_in(client, register, name):
    complaint = register()

    response = client.get(reverse(f"desk:{name}", args=[complaint.reference]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_agent_cannot_link_or_merge_from_another_agents_complaint(
    client, register, agent, other_agent, now
):
    theirs = register()
    mine = register()
    take_complaint(theirs, agent=other_agent, now=now)
    client.force_login(agent)

    assert client.get(merge_url(theirs), {"reference": mine.reference}).status_code == 404
    assert client.post(merge_url(theirs), {"reference": mine.reference}).status_code == 404
    assert client.post(link_url(theirs), {"reference": mine.reference}).status_code == 404
    assert nothing_merged() and not ComplaintLink.objects.exists()


def test_detail_page_lists_related_complaints_with_stage_and_customer(client, register, agent, now):
    complaint = register()
    related = register(contact=OTHER_CUSTOMER)
    link_complaints(complaint, related, by=agent, now=now)
    client.force_login(agent)

    html = client.get(detail_url(complaint)).content.decode()

    assert 'id="related"' in html
    assert related.reference in html
    assert "Dorota Different" in html
    assert unlink_url(complaint, related) in html
    assert f"Linked to {related.reference}" in html


def test_link_by_reference_from_the_detail_page(client, register, agent):
    complaint = register()
    other = register()
    client.force_login(agent)

    response = client.post(link_url(complaint), {"reference": f" {other.reference.lower()} "})

    assert response.status_code == 302
    assert response["Location"] == detail_url(complaint) + "#related"
    assert list(linked_complaints(complaint)) == [other]


@pytest.mark.parametrize("case", ["unknown", "invisible"])
def test_unknown_and_invisible_references_get_the_same_message(
    client, register, agent, other_agent, now, case
):
    complaint = register()
    hidden = register()
    take_complaint(hidden, agent=other_agent, now=now)
    reference = "RK-2026-999999" if case == "unknown" else hidden.reference
    client.force_login(agent)
    message = f"There is no complaint with the reference {reference}."

    link = client.post(link_url(complaint), {"reference": reference})
    merge_page = client.get(merge_url(complaint), {"reference": reference})
    merge_post = client.post(merge_url(complaint), {"reference": reference})

    for response in (link, merge_page, merge_post):
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html
        assert f'value="{reference}"' in html  # what was typed is kept
    assert nothing_merged() and not ComplaintLink.objects.exists()
    assert not TimelineEntry.objects.filter(
        kind__in=[TimelineEntry.Kind.MERGED, TimelineEntry.Kind.LINKED]
    ).exists()


def test_refused_link_says_why_next_to_the_field(client, register, agent):
    complaint = register()
    client.force_login(agent)

    response = client.post(link_url(complaint), {"reference": complaint.reference})

    assert "A complaint cannot be linked to itself." in response.content.decode()
    assert not ComplaintLink.objects.exists()


def test_unlink_asks_first_then_removes_the_link(client, register, agent, now):
    complaint = register()
    other = register()
    link_complaints(complaint, other, by=agent, now=now)
    client.force_login(agent)

    confirmation = client.get(unlink_url(complaint, other))
    assert confirmation.status_code == 200
    assert 'id="confirm-unlink"' in confirmation.content.decode()
    assert ComplaintLink.objects.exists()

    response = client.post(unlink_url(complaint, other))

    assert response["Location"] == detail_url(complaint) + "#related"
    assert not ComplaintLink.objects.exists()


def test_merge_page_shows_both_complaints_and_warns_when_customers_differ(client, register, agent):
    duplicate = register(product="Kettle Steel 1.7 l")
    survivor = register(contact=OTHER_CUSTOMER, product="Toaster T2")
    client.force_login(agent)

    response = client.get(merge_url(duplicate), {"reference": survivor.reference})

    html = response.content.decode()
    for text in (
        duplicate.reference,
        survivor.reference,
        "Cecilia Customer",
        "Dorota Different",
        "Kettle Steel 1.7 l",
        "Toaster T2",
        'id="customers-differ"',
        'id="confirm-merge"',
    ):
        assert text in html, text
    assert nothing_merged()  # looking changes nothing


def test_merge_page_for_the_same_customer_has_no_warning(client, register, agent):
    duplicate = register()
    survivor = register()
    client.force_login(agent)

    html = client.get(merge_url(duplicate), {"reference": survivor.reference}).content.decode()

    assert 'id="confirm-merge"' in html
    assert 'id="customers-differ"' not in html


@pytest.mark.parametrize("case", ["self", "cycle", "into merged", "already merged"])
def test_refused_merges_say_why_and_change_nothing(client, register, agent, now, case):
    first = register()
    second = register()
    third = register()
    if case != "self":
        merge_complaint(first, into=second, by=agent, now=now)
    duplicate, survivor, message = {
        "self": (first, first, "cannot be merged into itself"),
        "cycle": (second, first, "would make a cycle"),
        "into merged": (third, first, f"Merge into {second.reference} instead"),
        "already merged": (first, third, "already"),
    }[case]
    entries = TimelineEntry.objects.count()
    merged = set(
        Complaint.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into")
    )
    client.force_login(agent)

    page = client.get(merge_url(duplicate), {"reference": survivor.reference})
    post = client.post(merge_url(duplicate), {"reference": survivor.reference})

    for response in (page, post):
        html = response.content.decode()
        assert message in html
        assert 'id="confirm-merge"' not in html
    assert TimelineEntry.objects.count() == entries
    assert (
        set(Complaint.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into"))
        == merged
    )


def test_confirmed_merge_shows_the_banner_with_a_link_to_the_survivor(client, register, agent, now):
    duplicate = register()
    survivor = register()
    client.force_login(agent)

    response = client.post(merge_url(duplicate), {"reference": survivor.reference})

    assert response["Location"] == detail_url(duplicate)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    html = client.get(detail_url(duplicate)).content.decode()
    assert 'id="merged-banner"' in html
    assert f'Merged into <a href="{detail_url(survivor)}">{survivor.reference}</a> on' in html
    assert f"by {agent}" in html
    assert 'id="id_merge_reference"' not in html  # a merged complaint is not merged again
    survivor_html = client.get(detail_url(survivor)).content.decode()
    assert f"{duplicate.reference} merged into this complaint" in survivor_html
    assert f"from {duplicate.reference}" in survivor_html


def test_merged_complaints_leave_the_list_unless_asked_for(client, register, agent, now):
    duplicate = register()
    survivor = register()
    merge_complaint(duplicate, into=survivor, by=agent, now=now)
    client.force_login(agent)

    listed = client.get("/desk/").content.decode()
    with_merged = client.get("/desk/", {"merged": "on"}).content.decode()

    assert survivor.reference in listed and duplicate.reference not in listed
    assert duplicate.reference in with_merged and 'class="badge merged"' in with_merged


def test_merged_complaints_leave_the_board(client, register, agent, now):
    duplicate = register()
    survivor = register()
    merge_complaint(duplicate, into=survivor, by=agent, now=now)
    client.force_login(agent)

    response = client.get("/desk/board/")

    new = next(column for column in response.context["columns"] if column["stage"].key == "new")
    assert [card.reference for card in new["cards"]] == [survivor.reference]
    assert new["total"] == 1


def test_detail_page_queries_do_not_grow_with_related_complaints(client, register, agent, now):
    complaint = register()
    link_complaints(complaint, register(), by=agent, now=now)
    client.force_login(agent)
    client.get(detail_url(complaint))
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(complaint))
    for n in range(5):
        other = register(contact=Contact(name=f"C{n}", email=f"c{n}@example.com"))
        link_complaints(complaint, other, by=agent, now=now)
    with CaptureQueriesContext(connection) as many:
        client.get(detail_url(complaint))

    assert len(many) == len(few)


def test_a_merged_complaint_cannot_be_moved(register, agent, now):
    duplicate = register()
    survivor = register()
    merge_complaint(duplicate, into=survivor, by=agent, now=now)

    with pytest.raises(TransitionRefused, match=f"work on {survivor.reference} instead"):
        move_complaint(duplicate, to="verification", by=agent, now=now)

    duplicate.refresh_from_db()
    assert duplicate.stage == "new"


def test_a_new_complaint_repeats_the_survivor_not_the_merged_duplicate(register, agent, now):
    survivor = register(product="Kettle X")
    duplicate = register(product="Kettle X")
    merge_complaint(duplicate, into=survivor, by=agent, now=now)

    again = register(product="Kettle X")

    assert again.repeat_of == survivor
