"""The tracking link shows the public part of its own complaint and nothing else (PO-1)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.attachments import check_upload, store_attachment
from complaints.customers import Contact
from complaints.models import Attachment, Category, Channel
from complaints.notes import add_note
from conftest import jpeg_bytes, photo, receipt
from customfields.definitions import add_definition
from customfields.values import save_values
from portal.tests.conftest import track_url


def stored(complaint, upload, **fields):
    attachment = store_attachment(complaint, upload, check_upload(upload), channel=Channel.WEB_FORM)
    Attachment.objects.filter(pk=attachment.pk).update(**fields)
    return attachment


def test_public_timeline_shows_public_entries_without_staff_names(client, register, agent, now):
    complaint = register()
    add_note(complaint, text="Customer is difficult", is_public=False, by=agent, now=now)
    add_note(complaint, text="We have ordered the spare part.", is_public=True, by=agent, now=now)

    html = client.get(track_url(complaint)).content.decode()

    assert "We have ordered the spare part." in html
    assert "We received your complaint" in html
    for secret in ("Customer is difficult", agent.first_name, agent.username, "Internal note"):
        assert secret not in html, secret


def test_customer_files_are_listed_with_thumbnails_and_served_safely(client, register):
    complaint = register(uploads=[photo("kettle.jpg")])
    attachment = complaint.attachments.get()

    html = client.get(track_url(complaint)).content.decode()
    assert "kettle.jpg" in html
    assert track_url(complaint, "attachment_thumbnail", attachment.pk) in html

    response = client.get(track_url(complaint, "attachment", attachment.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()
    thumbnail = client.get(track_url(complaint, "attachment_thumbnail", attachment.pk))
    assert thumbnail.status_code == 200


def test_pdf_is_shown_inline_and_heic_downloaded(client, register):
    complaint = register(uploads=[receipt()])
    pdf = complaint.attachments.get()
    heic = stored(complaint, photo("phone.jpg"), content_type="image/heic")

    inline = client.get(track_url(complaint, "attachment", pdf.pk))
    assert inline["Content-Disposition"].startswith("inline")
    download = client.get(track_url(complaint, "attachment", heic.pk))
    assert download["Content-Disposition"].startswith("attachment")


def test_staff_only_attachment_is_neither_listed_nor_served(client, register):
    complaint = register()
    internal = stored(complaint, photo("inspection-notes.jpg"), is_internal=True)

    html = client.get(track_url(complaint)).content.decode()

    assert "inspection-notes.jpg" not in html
    assert client.get(track_url(complaint, "attachment", internal.pk)).status_code == 404
    assert client.get(track_url(complaint, "attachment_thumbnail", internal.pk)).status_code == 404


def test_staff_only_custom_field_and_its_file_stay_hidden(client, register, agent, now):
    goods = Category.objects.create(name="Goods")
    inspection = add_definition(
        category=goods, label="Inspection result", kind="text", visible_to_customer=False
    )
    report_field = add_definition(
        category=goods, label="Lab report", kind="file", visible_to_customer=False
    )
    complaint = register(category=goods)
    lab = SimpleUploadedFile("lab-report.jpg", jpeg_bytes(), content_type="image/jpeg")
    save_values(
        complaint,
        {inspection.key: "Dropped by the customer", report_field.key: lab},
        by=agent,
        now=now,
    )
    report = complaint.attachments.get(original_name="lab-report.jpg")

    html = client.get(track_url(complaint)).content.decode()

    for secret in ("Dropped by the customer", "Inspection result", "lab-report.jpg", "Details"):
        assert secret not in html, secret
    assert client.get(track_url(complaint, "attachment", report.pk)).status_code == 404


def test_another_complaints_attachment_is_a_404_with_this_token(client, register):
    mine = register()
    theirs = register(
        contact=Contact(name="Other", email="other@example.com"),
        uploads=[photo("their-receipt.jpg")],
    )
    their_file = theirs.attachments.get()

    assert client.get(track_url(mine, "attachment", their_file.pk)).status_code == 404
    assert client.get(track_url(mine, "attachment_thumbnail", their_file.pk)).status_code == 404
    assert client.get(track_url(mine, "attachment", 999999)).status_code == 404
    assert "their-receipt.jpg" not in client.get(track_url(mine)).content.decode()
    assert client.get(f"/track/{mine.tracking_token}x/files/{their_file.pk}/").status_code == 404


def test_endpoints_refuse_guessed_tokens(client, register):
    complaint = register(uploads=[photo()])
    attachment = complaint.attachments.get()

    for url in (
        f"/track/{complaint.reference}/files/{attachment.pk}/",
        f"/track/{complaint.pk}/files/{attachment.pk}/",
    ):
        assert client.get(url).status_code == 404
    for name in ("message", "answer"):
        assert client.post(f"/track/not-a-token/{name}/", {"message-text": "hi"}).status_code == 404
    assert not complaint.timeline.filter(kind="message_received").exists()


def test_merged_duplicate_link_offers_no_forms_or_files(client, register, agent, now):
    from complaints.merging import merge_complaint

    duplicate = register(uploads=[photo("dup.jpg")])
    survivor = register()
    merge_complaint(duplicate, into=survivor, by=agent, now=now)

    html = client.get(track_url(duplicate)).content.decode()

    assert 'id="message-form"' not in html
    assert "dup.jpg" not in html
    response = client.post(track_url(duplicate, "message"), {"message-text": "Hello"})
    assert response.status_code == 404


def test_a_closed_portal_closes_the_tracking_pages_too(client, register):
    from branding.models import Branding

    complaint = register()
    Branding.objects.create(portal_enabled=False, contact_email="help@shop.example")
    for response in (
        client.get(track_url(complaint)),
        client.post(track_url(complaint, "message"), {"text": "Hello?"}),
    ):
        assert response.status_code == 503
        assert "help@shop.example" in response.text


def test_documents_are_listed_and_served_only_through_their_own_complaint(
    client, register, agent, now
):
    from documents.generation import generate_document
    from documents.models import Kind

    mine = register()
    theirs = register(contact=Contact(name="Olaf", email="olaf@example.com"))
    document = generate_document(mine, Kind.REGISTRATION, by=agent, now=now)
    other = generate_document(theirs, Kind.REGISTRATION, by=agent, now=now)

    page = client.get(track_url(mine)).content.decode()
    assert 'id="documents"' in page and track_url(mine, "document", document.pk) in page
    response = client.get(track_url(mine, "document", document.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert f"{mine.reference}-registration-confirmation-v1.pdf" in response["Content-Disposition"]
    # Another customer's document by its id, with this token: not found, not forbidden.
    assert client.get(track_url(mine, "document", other.pk)).status_code == 404
    assert client.get(f"/track/not-a-token/documents/{document.pk}/").status_code == 404
