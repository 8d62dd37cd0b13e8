"""The customer writes to us from the tracking page (PO-1)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Channel, TimelineEntry
from complaints.ownership import take_complaint
from conftest import jpeg_bytes, photo
from deadlines.models import ComplaintClock
from notifications.models import StaffAlert
from portal.replies import MESSAGE_MAX_LENGTH
from portal.tests.conftest import track_url
from workflow.transitions import move_complaint
from workflow.verification import ask_customer


def post_message(client, complaint, text="", files=()):
    data = {"message-text": text}
    if files:
        data["message-files"] = list(files)
    return client.post(track_url(complaint, "message"), data)


def test_message_lands_on_the_public_timeline_and_alerts_the_owner(
    client, register, agent, manager, now
):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)

    response = post_message(client, complaint, "The lid broke again.", [photo("lid.jpg")])

    assert response.status_code == 302
    assert response["Location"].endswith("?done=message&lang=en#message")
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.MESSAGE_RECEIVED)
    assert entry.is_public and entry.actor is None
    assert entry.text == "The lid broke again."
    assert entry.data["channel"] == Channel.PORTAL
    assert entry.data["attachments"] == ["lid.jpg"]
    attachment = complaint.attachments.get(original_name="lid.jpg")
    assert attachment.channel == Channel.PORTAL and not attachment.is_internal
    assert list(StaffAlert.objects.values_list("recipient__username", flat=True)) == ["agnes"]
    html = client.get(response["Location"]).content.decode()
    assert "The lid broke again." in html and "lid.jpg" in html
    assert 'id="message-sent"' in html


def test_a_file_alone_is_a_message(client, register):
    complaint = register()

    assert post_message(client, complaint, files=[photo("only.jpg")]).status_code == 302
    assert complaint.attachments.filter(original_name="only.jpg").exists()


def test_without_an_owner_the_managers_are_alerted(client, register, manager):
    complaint = register()

    post_message(client, complaint, "Anyone there?")

    assert StaffAlert.objects.get().recipient == manager


def test_an_answer_to_a_question_tells_the_owner_it_is_the_answer(
    client, register, agent, now, django_capture_on_commit_callbacks
):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)
    move_complaint(complaint, to="verification", by=agent, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        ask_customer(complaint, question="Please send the receipt.", by=agent, now=now)
    assert ComplaintClock.objects.get(complaint=complaint).paused_since is not None

    html = client.get(track_url(complaint)).content.decode()
    assert "Answer our question" in html
    assert "Please send the receipt." in html.split('id="question"')[1][:300]

    with django_capture_on_commit_callbacks(execute=True):
        post_message(client, complaint, "Here it is.", [photo("receipt.jpg")])

    alert = StaffAlert.objects.get(recipient=agent)
    assert "answered" in alert.text
    complaint.refresh_from_db()
    # The answer we waited for: back to review, the service clock running again.
    assert complaint.stage == "verification"
    move = complaint.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).latest("pk")
    assert move.data["customer_answered"] and move.actor is None and move.is_public
    clock = ComplaintClock.objects.get(complaint=complaint)
    assert clock.paused_since is None


def test_empty_message_without_files_is_refused(client, register):
    complaint = register()

    response = post_message(client, complaint, "   ")

    assert response.status_code == 400
    assert "Write a message or attach a file." in response.content.decode()
    assert not complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_RECEIVED).exists()


def test_wrong_file_type_is_refused_and_the_text_kept(client, register):
    complaint = register()
    script = SimpleUploadedFile(
        "photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg"
    )

    response = post_message(client, complaint, "See the photo", [script])

    html = response.content.decode()
    assert response.status_code == 400
    assert "“photo.jpg” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF document." in html
    assert "See the photo</textarea>" in html
    assert "choose them again" in html
    assert not complaint.attachments.exists()
    assert not complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_RECEIVED).exists()


def test_too_large_file_is_refused(client, register, settings):
    complaint = register()
    settings.ATTACHMENT_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.jpg", jpeg_bytes(size=(800, 800)), content_type="image/jpeg")

    response = post_message(client, complaint, "Big one", [big])

    assert response.status_code == 400
    assert "“big.jpg” is larger than" in response.content.decode()
    assert not complaint.attachments.exists()


def test_too_long_message_is_refused_and_kept(client, register):
    complaint = register()

    response = post_message(client, complaint, "x" * (MESSAGE_MAX_LENGTH + 1))

    assert response.status_code == 400
    assert f"at most {MESSAGE_MAX_LENGTH} characters" in response.content.decode()


def test_the_complaints_file_limit_holds(client, register, settings):
    settings.ATTACHMENT_MAX_FILES = 2
    complaint = register(uploads=[photo("a.jpg")])

    response = post_message(client, complaint, "", [photo("b.jpg"), photo("c.jpg")])

    assert response.status_code == 400
    assert "This complaint can take 1 more file." in response.content.decode()
    assert complaint.attachments.count() == 1


def test_posting_is_rate_limited(client, register, settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 2
    complaint = register()

    statuses = [post_message(client, complaint, f"Message {n}").status_code for n in range(3)]

    assert statuses == [302, 302, 429]
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_RECEIVED).count() == 2


@pytest.mark.parametrize("method", ["get", "put"])
def test_message_endpoint_takes_only_posts(client, register, method):
    complaint = register()

    assert getattr(client, method)(track_url(complaint, "message")).status_code == 405


def test_without_an_owner_or_a_manager_the_admins_hear_of_a_message(client, register, admin_user):
    complaint = register()

    post_message(client, complaint, "Anyone there?")

    assert list(StaffAlert.objects.values_list("recipient", flat=True)) == [admin_user.pk]
