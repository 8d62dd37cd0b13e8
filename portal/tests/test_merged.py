from django.urls import reverse

from complaints.customers import Contact
from complaints.merging import merge_complaint
from complaints.notes import add_note
from complaints.ownership import take_complaint
from workflow.transitions import move_complaint


def track(client, complaint):
    return client.get(reverse("portal:track", args=[complaint.tracking_token])).content.decode()


def test_a_merged_complaint_continues_under_the_survivors_reference_and_status(
    client, register, agent, now
):
    duplicate = register()
    survivor = register()
    move_complaint(survivor, to="verification", by=agent, now=now)
    merge_complaint(duplicate, into=survivor, by=agent, now=now)

    html = track(client, duplicate)

    assert duplicate.reference in html
    assert "continues under that reference" in html
    assert survivor.reference in html
    assert (
        "We are checking the details of your complaint." in html
    )  # the survivor's stage, in plain words
    assert "We have received your complaint." not in html  # not the duplicate's own stage


def test_merging_two_customers_complaints_leaks_nothing_in_the_portal(client, register, agent, now):
    duplicate = register(
        contact=Contact(
            name="Dorota Different", email="dorota@example.com", phone="+48 601 000 111"
        ),
        product="Toaster T2",
        order_number="ORD-DOROTA",
        description="Dorota's toaster burns everything.",
    )
    survivor = register(
        contact=Contact(name="Cecilia Customer", email="cecilia@example.com"),
        product="Kettle Steel 1.7 l",
        order_number="ORD-CECILIA",
        description="Cecilia's kettle lid does not close.",
    )
    add_note(duplicate, text="Dear Dorota, we are on it.", is_public=True, by=agent, now=now)
    add_note(survivor, text="Dear Cecilia, we are on it.", is_public=True, by=agent, now=now)
    take_complaint(survivor, agent=agent, now=now)
    merge_complaint(duplicate, into=survivor, by=agent, now=now)

    duplicates_page = track(client, duplicate)
    survivors_page = track(client, survivor)

    for secret in (
        "Cecilia",
        "cecilia@example.com",
        "Kettle",
        "ORD-CECILIA",
        survivor.tracking_token,
        agent.username,
        "Agnes",
    ):
        assert secret not in duplicates_page, secret
    for secret in ("Dorota", "dorota@example.com", "601 000 111", "Toaster", "ORD-DOROTA"):
        assert secret not in survivors_page, secret
    assert duplicate.reference not in survivors_page
    # Dorota's public note moved to Cecilia's complaint as an internal entry.
    moved = survivor.timeline.get(text="Dear Dorota, we are on it.")
    assert not moved.is_public
