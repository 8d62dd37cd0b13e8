"""Files in e-mail that are not photos or PDFs (DO-3): a program, an archive holding one, a
drawing or page with a script, an Office document. None becomes a servable attachment; the
timeline names each with the reason, the complaint is still opened and the raw message kept."""

import io
import zipfile

import pytest

from complaints.models import TimelineEntry
from conftest import MINIMAL_PDF, jpeg_bytes
from mailin.ingest import ingest_message
from mailin.models import InboundEmail
from mailin.tests.test_corpus import file_part, multipart, text_part

WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>fetch('/desk/')</script></body></html>"


def zip_of(**files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name.replace("_", "."), data)
    return buffer.getvalue()


def refused_on_timeline(complaint):
    entries = complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_RECEIVED)
    return [file for entry in entries for file in entry.data.get("refused", [])]


def test_programs_archives_and_active_files_are_refused_with_reasons(db, now):
    raw = multipart(
        text_part("The kettle leaks, photo and invoice attached."),
        file_part("leak.jpg", jpeg_bytes(), "image/jpeg"),
        file_part("invoice.pdf", MINIMAL_PDF, "application/pdf"),
        file_part("invoice.exe", WINDOWS_PROGRAM, "application/octet-stream"),
        file_part("photos.zip", zip_of(setup_exe=WINDOWS_PROGRAM), "application/zip"),
        file_part("docs.zip", zip_of(readme_txt=b"hello"), "application/zip"),
        file_part("drawing.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
        file_part("page.html", HTML_PAGE, "text/html"),
        file_part("letter.docx", zip_of(**{"[Content_Types]_xml": b"<Types/>"}), "application/x"),
    )

    outcome = ingest_message(raw, now=now)

    complaint = outcome.complaint
    assert outcome.kind == "created"
    assert sorted(complaint.attachments.values_list("original_name", flat=True)) == [
        "invoice.pdf",
        "leak.jpg",
    ]
    assert refused_on_timeline(complaint) == [
        {"name": "invoice.exe", "reason": "executable"},
        {"name": "photos.zip", "reason": "archive_executable"},
        {"name": "docs.zip", "reason": "archive"},
        {"name": "drawing.svg", "reason": "active"},
        {"name": "page.html", "reason": "active"},
        {"name": "letter.docx", "reason": "archive"},
    ]
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.MESSAGE_RECEIVED)
    assert not entry.is_public
    inbound = InboundEmail.objects.get()
    assert bytes(inbound.raw) == raw  # the originals stay readable, only inside the message
    assert "invoice.exe (executable)" in inbound.reason


def test_a_reply_with_a_program_lists_it_on_its_own_entry(db, now):
    complaint = ingest_message(
        multipart(text_part("First"), sender="kasia@example.pl"), now=now
    ).complaint
    reply = multipart(
        text_part("Here is the tool"),
        file_part("fix.bat", b"@echo off\r\ndel *.*\r\n", "application/x-bat"),
        subject=f"Re: {complaint.reference}",
        sender="kasia@example.pl",
    )

    outcome = ingest_message(reply, now=now)

    assert outcome.kind == "reply"
    assert refused_on_timeline(complaint) == [{"name": "fix.bat", "reason": "executable"}]
    assert not complaint.attachments.exists()


def test_refused_files_are_named_with_the_reason_on_the_desk(client, db, agent, now):
    raw = multipart(
        text_part("See attached"),
        file_part("setup.exe", WINDOWS_PROGRAM, "application/octet-stream"),
        file_part("bad.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
    )
    complaint = ingest_message(raw, now=now).complaint
    client.force_login(agent)

    html = client.get(f"/desk/complaints/{complaint.reference}/").content.decode()

    assert "Refused attachment “setup.exe” (a program or script)" in html
    assert "Refused attachment “bad.svg” (a web page or drawing that can run scripts)" in html
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("a.bin", b"\x7fELF\x02\x01\x01", "executable"),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n", "executable"),
        ("photo.jpg", WINDOWS_PROGRAM, "executable"),  # a program named as a photo
        ("x.tar.gz", b"\x1f\x8b\x08\x00", "archive"),
        ("x.rar", b"Rar!\x1a\x07\x00", "archive"),
        ("nested.zip", zip_of(inner_zip=b"PK\x03\x04"), "archive_executable"),
        ("notes.txt", b"just text", "type"),
        ("picture.png", b"<svg onload=alert(1)>", "active"),  # a drawing named as a photo
    ],
)
def test_each_kind_of_refused_file_gets_its_reason(db, now, name, data, reason):
    raw = multipart(text_part("x"), file_part(name, data, "application/octet-stream"))

    complaint = ingest_message(raw, now=now).complaint

    assert refused_on_timeline(complaint) == [{"name": name, "reason": reason}]
    assert not complaint.attachments.exists()
