"""The attachments card (DO-3): every file of a complaint in one place, what it shows and who
may see it, staff uploads, and files served so that none can run as a page of ours."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.attachments import check_upload, store_attachment
from complaints.models import Attachment, Channel, TimelineEntry
from complaints.ownership import take_complaint
from complaints.tests.test_attachments import heic_bytes
from conftest import MINIMAL_PDF, jpeg_bytes, make_staff, photo, png_bytes, receipt
from consultations.opinions import request_opinion
from desk.tests.test_consultations import due_in
from messaging.sending import send_message
from workflow.transitions import move_complaint


def detail_url(complaint):
    return reverse("desk:complaint_detail", args=[complaint.reference])


def file_url(attachment, *, thumbnail=False):
    name = "desk:attachment_thumbnail" if thumbnail else "desk:attachment"
    return reverse(name, args=[attachment.pk])


def upload_url(complaint):
    return reverse("desk:upload_attachments", args=[complaint.reference])


def edit_url(attachment):
    return reverse("desk:edit_attachment", args=[attachment.pk])


def add_file(complaint, upload, *, channel, by=None):
    return store_attachment(
        complaint, upload, check_upload(upload), channel=channel, uploaded_by=by
    )


@pytest.fixture
def owned(register, agent, now):
    complaint = register(uploads=[photo("kettle.jpg")])
    take_complaint(complaint, agent=agent, now=now)
    return complaint


# The card: every channel in one place.


def test_the_card_lists_files_from_every_channel_with_who_when_and_how(
    client, owned, agent, manager, now
):
    add_file(owned, receipt("faktura.pdf"), channel=Channel.EMAIL)
    add_file(owned, photo("from-portal.jpg"), channel=Channel.PORTAL)
    send_message(
        owned,
        by=agent,
        subject="Label",
        body="Print this.",
        attachments=[receipt("label.pdf")],
        now=now,
    )
    client.force_login(manager)
    client.post(upload_url(owned), {"files": [photo("repaired.jpg")], "role": "after"})

    response = client.get(detail_url(owned))

    html = response.content.decode()
    card = html[html.index('id="attachments"') : html.index('id="timeline"')]
    items = {a.original_name: a for a in owned.attachments.all()}
    assert set(items) == {
        "kettle.jpg",
        "faktura.pdf",
        "from-portal.jpg",
        "label.pdf",
        "repaired.jpg",
    }
    for name, who, channel in [
        ("kettle.jpg", "customer", "Web form"),
        ("faktura.pdf", "e-mail", None),
        ("from-portal.jpg", "customer", "Customer portal"),
        ("label.pdf", "Agnes", "sent to the customer"),
        ("repaired.jpg", "Maria", "added on the desk"),
    ]:
        item = card[card.index(f'id="attachment-{items[name].pk}"') :]
        item = item[: item.index("</li>")]
        assert name in item
        assert f'<span class="attachment-who">{who}</span>' in item, name
        if channel:
            assert f'<span class="attachment-channel">{channel}</span>' in item, name
        else:
            assert "attachment-channel" not in item, name
    assert file_url(items["kettle.jpg"], thumbnail=True) in card
    assert file_url(items["faktura.pdf"], thumbnail=True) not in card
    assert ">PDF<" in card
    assert "After (the remedy)" in card
    assert "5 KB" in card or "bytes" in card


def test_an_empty_card_says_where_files_come_from(client, register, agent):
    complaint = register()
    client.force_login(agent)

    html = client.get(detail_url(complaint)).content.decode()

    assert "No attachments yet" in html
    assert 'id="attachment-upload-form"' in html


def test_the_card_costs_the_same_queries_for_one_file_or_many(client, owned, agent, manager, now):
    client.force_login(agent)
    client.get(detail_url(owned))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as one:
        client.get(detail_url(owned))
    other = make_staff("olga", "agent")
    for index, by in enumerate([agent, manager, other, None, agent]):
        add_file(owned, photo(f"more-{index}.jpg"), channel=Channel.EMAIL, by=by)
    send_message(owned, by=agent, subject="x", body="y", attachments=[receipt("sent.pdf")], now=now)
    with CaptureQueriesContext(connection) as many:
        response = client.get(detail_url(owned))

    assert response.content.decode().count('class="attachment-item"') == 7
    # Sending a message adds timeline entries and an outbox row, not per-file queries.
    assert len(many) == len(one), [q["sql"][:120] for q in many.captured_queries]


# Serving: the stored type, never the name; nothing active inline.


def served(client, attachment, **params):
    response = client.get(file_url(attachment), params)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"].startswith("private")
    return response


def test_a_photo_opens_inline_as_its_sniffed_type(client, owned, agent):
    client.force_login(agent)

    response = served(client, owned.attachments.get())

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == (
        "inline; filename=\"kettle.jpg\"; filename*=UTF-8''kettle.jpg"
    )
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


def test_a_pdf_named_html_is_served_as_a_pdf_named_pdf(client, owned, agent):
    attachment = add_file(
        owned, SimpleUploadedFile("invoice.html", MINIMAL_PDF, "text/html"), channel=Channel.PORTAL
    )
    client.force_login(agent)

    response = served(client, attachment)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="invoice.html.pdf"')


def test_a_png_named_svg_is_served_as_a_png(client, owned, agent):
    attachment = add_file(
        owned, SimpleUploadedFile("logo.svg", png_bytes(), "image/svg+xml"), channel=Channel.EMAIL
    )
    client.force_login(agent)

    response = served(client, attachment)

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith('inline; filename="logo.svg.png"')
    assert "svg+xml" not in response["Content-Type"]


def test_heic_downloads_but_its_thumbnail_is_a_jpeg(client, owned, agent):
    attachment = add_file(
        owned,
        SimpleUploadedFile("IMG_0001.HEIC", heic_bytes(), "image/heic"),
        channel=Channel.PORTAL,
    )
    client.force_login(agent)

    response = served(client, attachment)
    thumbnail = client.get(file_url(attachment, thumbnail=True))

    assert response["Content-Type"] == "image/heic"
    assert response["Content-Disposition"].startswith('attachment; filename="IMG_0001.HEIC"')
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert thumbnail["Content-Disposition"].startswith('inline; filename="IMG_0001-thumbnail.jpg"')
    assert thumbnail["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert thumbnail["X-Content-Type-Options"] == "nosniff"
    assert b"".join(thumbnail.streaming_content).startswith(b"\xff\xd8\xff")


def test_a_type_we_never_store_is_only_ever_downloaded_as_bytes(client, owned, agent):
    attachment = owned.attachments.get()
    Attachment.objects.filter(pk=attachment.pk).update(
        content_type="text/html", original_name="page.html"
    )
    client.force_login(agent)

    response = served(client, attachment)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith('attachment; filename="page.html"')


@pytest.mark.parametrize(
    "name, fallback",
    [
        ("zdjęcie pęknięcia.jpg", "zdjecie pekniecia.jpg"),
        ("фото.jpg", ".jpg"),
        (
            'evil"; filename=x.html\r\nX-Injected: 1.jpg',
            "evil__ filename=x.htmlX-Injected_ 1.jpg",
        ),
    ],
)
def test_any_file_name_is_safe_in_the_header_and_kept_exactly(client, owned, agent, name, fallback):
    attachment = add_file(
        owned, SimpleUploadedFile(name, jpeg_bytes(), "image/jpeg"), channel=Channel.EMAIL
    )
    client.force_login(agent)

    response = served(client, attachment)

    header = response["Content-Disposition"]
    printable = "".join(ch for ch in name if ch.isprintable())
    assert (
        header == f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(printable, safe='')}"
    )
    assert "X-Injected" not in response.headers or response.headers.get("X-Injected") is None


def test_download_is_asked_for_explicitly(client, owned, agent):
    client.force_login(agent)

    response = served(client, owned.attachments.get(), download="1")

    assert response["Content-Disposition"].startswith("attachment;")


# Who may reach a file.


def test_an_agent_who_may_not_see_the_complaint_gets_404(client, owned, other_agent):
    attachment = owned.attachments.get()
    client.force_login(other_agent)

    assert client.get(file_url(attachment)).status_code == 404
    assert client.get(file_url(attachment, thumbnail=True)).status_code == 404
    assert client.post(edit_url(attachment), {f"a{attachment.pk}-role": "after"}).status_code == 404
    assert client.post(upload_url(owned), {"files": [photo()]}).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, owned):
    response = client.get(file_url(owned.attachments.get()))

    assert response.status_code == 302
    assert "/login" in response["Location"] or "sign" in response["Location"]


def test_a_specialist_reaches_files_only_of_consulted_complaints_and_cannot_edit(
    client, owned, register, agent, specialist
):
    elsewhere = register(uploads=[photo("other.jpg")])
    move_complaint(owned, to="verification", by=agent, now=timezone.now())
    request_opinion(
        owned,
        question="Defect?",
        due=due_in(5),
        by=agent,
        now=timezone.now(),
        specialist=specialist,
    )
    attachment = owned.attachments.get()
    client.force_login(specialist)

    assert client.get(file_url(attachment)).status_code == 200
    assert client.get(file_url(elsewhere.attachments.get())).status_code == 404
    html = client.get(detail_url(owned)).content.decode()
    assert "kettle.jpg" in html
    assert 'id="attachment-upload-form"' not in html
    assert "attachment-details-form" not in html
    assert client.post(edit_url(attachment), {f"a{attachment.pk}-role": "after"}).status_code == 403
    assert client.post(upload_url(owned), {"files": [photo()]}).status_code == 403
    attachment.refresh_from_db()
    assert attachment.role == ""


# What a file shows, and staff only.


def test_staff_mark_a_photo_before_and_staff_only_on_the_timeline(client, owned, agent):
    attachment = owned.attachments.get()
    client.force_login(agent)

    response = client.post(
        edit_url(attachment),
        {f"a{attachment.pk}-role": "before", f"a{attachment.pk}-is_internal": "on"},
        follow=True,
    )

    attachment.refresh_from_db()
    assert (attachment.role, attachment.is_internal) == ("before", True)
    entry = owned.timeline.get(kind=TimelineEntry.Kind.ATTRIBUTES)
    assert not entry.is_public
    assert entry.actor == agent
    assert entry.data["changes"] == [
        {"label": "Shows", "before": "Unspecified", "after": "Before (the defect)"},
        {"label": "Staff only", "before": "no", "after": "yes"},
    ]
    html = response.content.decode()
    assert "“kettle.jpg” saved." in html
    assert "File “kettle.jpg” changed" in html
    assert "Shows: Unspecified → Before (the defect)" in html
    assert 'class="badge staff-only"' in html


def test_saving_the_same_details_records_nothing(client, owned, agent):
    attachment = owned.attachments.get()
    client.force_login(agent)

    response = client.post(edit_url(attachment), {f"a{attachment.pk}-role": ""}, follow=True)

    assert "Nothing was changed." in response.content.decode()
    assert not owned.timeline.filter(kind=TimelineEntry.Kind.ATTRIBUTES).exists()


def test_an_unknown_role_is_refused_with_a_message(client, owned, agent):
    attachment = owned.attachments.get()
    client.force_login(agent)

    response = client.post(edit_url(attachment), {f"a{attachment.pk}-role": "virus"}, follow=True)

    assert "Choose what the file shows from the list." in response.content.decode()
    attachment.refresh_from_db()
    assert attachment.role == ""


def test_editing_is_post_only(client, owned, agent):
    client.force_login(agent)

    assert client.get(edit_url(owned.attachments.get())).status_code == 405


# Staff uploads: the form's checks, all or nothing.


def test_staff_upload_a_receipt_as_staff_only(client, owned, agent):
    client.force_login(agent)

    response = client.post(
        upload_url(owned),
        {
            "files": [receipt("paragon.pdf"), photo("box.jpg")],
            "role": "receipt",
            "is_internal": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#attachments")
    added = owned.attachments.filter(uploaded_by=agent).order_by("original_name")
    assert [(a.original_name, a.role, a.is_internal) for a in added] == [
        ("box.jpg", "receipt", True),
        ("paragon.pdf", "receipt", True),
    ]
    assert added[0].thumbnail
    entry = owned.timeline.get(kind=TimelineEntry.Kind.ATTRIBUTES)
    assert not entry.is_public
    assert [file["name"] for file in entry.data["files_added"]] == ["paragon.pdf", "box.jpg"]


@pytest.mark.parametrize(
    "files, message",
    [
        (
            [SimpleUploadedFile("photo.jpg", b"MZ\x90\x00program", "image/jpeg")],
            "“photo.jpg” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF document.",
        ),
        (
            [SimpleUploadedFile("page.pdf", b"<html><script>x</script>", "application/pdf")],
            "“page.pdf” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF document.",
        ),
        ([SimpleUploadedFile("empty.jpg", b"", "image/jpeg")], "The submitted file is empty."),
        (
            [SimpleUploadedFile("half.pdf", b"%PDF-1.4\nno end", "application/pdf")],
            "“half.pdf” is not a complete PDF document.",
        ),
        ([], "Choose at least one file."),
    ],
)
def test_a_bad_file_is_named_and_nothing_is_added(client, owned, agent, files, message):
    client.force_login(agent)

    response = client.post(
        upload_url(owned), {"files": [photo("good.jpg"), *files] if files else [], "role": "after"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert '<option value="after" selected>' in html  # the choice made is kept
    assert owned.attachments.count() == 1  # only the customer's photo, nothing half-added
    assert not owned.timeline.filter(kind=TimelineEntry.Kind.ATTRIBUTES).exists()


def test_too_many_files_at_once_are_refused(client, owned, agent, settings):
    settings.ATTACHMENT_MAX_FILES = 2
    client.force_login(agent)

    response = client.post(upload_url(owned), {"files": [photo(), photo(), photo()]})

    assert "Attach at most 2 files." in response.content.decode()
    assert owned.attachments.count() == 1


def test_a_file_larger_than_the_limit_is_refused(client, owned, agent, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    client.force_login(agent)

    response = client.post(upload_url(owned), {"files": [photo("huge.jpg")]})

    assert "“huge.jpg” is larger than 100" in response.content.decode()
    assert owned.attachments.count() == 1


def test_an_unknown_role_on_upload_is_refused(client, owned, agent):
    client.force_login(agent)

    response = client.post(upload_url(owned), {"files": [photo()], "role": "virus"})

    assert "Choose what the file shows from the list." in response.content.decode()
    assert owned.attachments.count() == 1


def test_the_upload_page_opens_on_its_own(client, owned, agent):
    client.force_login(agent)

    response = client.get(upload_url(owned))

    assert response.status_code == 200
    assert 'id="attachment-upload-form"' in response.content.decode()
