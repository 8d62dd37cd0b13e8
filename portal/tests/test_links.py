"""Staff replace a tracking link; the old one says it is no longer valid (PO-1)."""

from django.urls import reverse

from complaints.models import Complaint, TimelineEntry
from conftest import photo
from portal.tests.conftest import track_url


def test_staff_issue_a_new_link_after_confirming(client, register, agent):
    complaint = register(uploads=[photo()])
    old_token = complaint.tracking_token
    attachment = complaint.attachments.get()
    client.force_login(agent)
    url = reverse("desk:new_tracking_link", args=[complaint.reference])

    detail = client.get(reverse("desk:complaint_detail", args=[complaint.reference]))
    assert url in detail.content.decode()
    confirm = client.get(url)
    assert "Issue a new tracking link?" in confirm.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).tracking_token == old_token

    response = client.post(url)

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.tracking_token != old_token
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.NOTE, data__tracking_link=True)
    assert not entry.is_public and entry.actor == agent
    client.logout()
    old = client.get(f"/track/{old_token}/")
    assert old.status_code == 404
    assert "This link is no longer valid" in old.content.decode()
    assert complaint.reference not in old.content.decode()
    assert client.get(f"/track/{old_token}/files/{attachment.pk}/").status_code == 404
    posted = client.post(f"/track/{old_token}/message/", {"message-text": "Hello?"})
    assert posted.status_code == 404
    assert not complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_RECEIVED).exists()
    assert client.get(track_url(complaint)).status_code == 200
    assert "Issue a new tracking link" not in client.get(track_url(complaint)).content.decode()


def test_an_unknown_token_is_a_plain_404(client, register):
    register()

    response = client.get("/track/never-issued-token-0000000000000/")

    assert response.status_code == 404
    assert "This link is no longer valid" not in response.content.decode()


def test_specialists_cannot_replace_a_link(client, register, specialist):
    complaint = register()
    token = complaint.tracking_token
    client.force_login(specialist)

    response = client.post(reverse("desk:new_tracking_link", args=[complaint.reference]))

    assert response.status_code in (403, 404)
    assert Complaint.objects.get(pk=complaint.pk).tracking_token == token


def test_signed_out_visitors_are_sent_to_sign_in(client, register):
    complaint = register()
    token = complaint.tracking_token

    response = client.post(reverse("desk:new_tracking_link", args=[complaint.reference]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Complaint.objects.get(pk=complaint.pk).tracking_token == token
