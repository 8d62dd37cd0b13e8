# ruff: noqa: RUF001 - real mail in Greek and Russian
"""A corpus of real-world shapes of mail: each ends as a complaint, a reply, an ignored robot
message or a quarantined item — none lost, none crashing the reader."""

import base64

import pytest

from complaints.models import Complaint
from conftest import MINIMAL_PDF, jpeg_bytes, png_bytes
from mailin.ingest import ingest_message
from mailin.models import InboundEmail, QuarantinedEmail
from mailin.tests import messages


def multipart(*parts, subject="Complaint", sender="kasia@example.pl", kind="mixed", extra=""):
    boundary = "==BOUNDARY=="
    body = "".join(f"--{boundary}\n{part}\n" for part in parts) + f"--{boundary}--\n"
    return (
        f"From: {sender}\nTo: complaints@localhost\nSubject: {subject}\n{extra}"
        f'MIME-Version: 1.0\nContent-Type: multipart/{kind}; boundary="{boundary}"\n\n{body}'
    ).encode()


def text_part(text, charset="utf-8"):
    encoded = base64.encodebytes(text.encode(charset)).decode()
    return (
        f"Content-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: base64\n\n"
        + encoded
    )


def file_part(name, data, content_type, disposition="attachment"):
    return (
        f'Content-Type: {content_type}; name="{name}"\n'
        f'Content-Disposition: {disposition}; filename="{name}"\n'
        "Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(data).decode()
    )


CORPUS = {
    "thunderbird-pl-iso-8859-2": (messages.thunderbird_pl_iso(), "created"),
    "gmail-pl-utf8-photo": (messages.gmail_pl_utf8_with_photo(), "created"),
    "outlook-ru-koi8-r": (messages.outlook_ru_koi8(), "created"),
    "apple-mail-ru-1251-html": (messages.apple_mail_ru_1251_html_only(), "created"),
    "greek-iso-8859-7": (messages.greek_iso_8859_7(), "created"),
    "plain-ascii": (messages.plain(message_id="<c1@x>"), "created"),
    "no-message-id": (messages.plain(message_id="").replace(b"Message-ID: \n", b""), "created"),
    "empty-body-subject-only": (messages.plain(body="", message_id="<c2@x>"), "created"),
    "crlf-line-endings": (
        messages.plain(message_id="<c3@x>", body="CRLF body").replace(b"\n", b"\r\n"),
        "created",
    ),
    "8bit-utf8-without-mime": (
        "From: a@b.pl\nSubject: Zażółć\n\nGęślą jaźń\n".encode(),
        "created",
    ),
    "latin1-without-charset": (
        b"From: a@b.de\nSubject: Kaffeemaschine\nContent-Type: text/plain\n\nK\xfchlschrank\n",
        "created",
    ),
    "unknown-charset": (
        b"From: a@b.c\nSubject: x\nContent-Type: text/plain; charset=x-klingon\n\nqapla\xff\n",
        "created",
    ),
    "lying-charset": (
        b"From: a@b.c\nSubject: y\nContent-Type: text/plain; charset=us-ascii\n\n\xe9\xe8\n",
        "created",
    ),
    "bad-base64": (
        b"From: a@b.c\nSubject: z\nContent-Type: text/plain\nContent-Transfer-Encoding: base64"
        b"\n\n!!!not base64***\n",
        "created",
    ),
    "bad-quoted-printable": (
        b"From: a@b.c\nSubject: q\nContent-Type: text/plain\nContent-Transfer-Encoding: "
        b"quoted-printable\n\n=ZZ =\n",
        "created",
    ),
    "unknown-transfer-encoding": (
        b"From: a@b.c\nSubject: u\nContent-Type: text/plain\nContent-Transfer-Encoding: x-uue"
        b"\n\nbody\n",
        "created",
    ),
    "broken-encoded-word": (
        b"From: =?utf-8?B?broken?= <a@b.c>\nSubject: =?utf-8?Q?half=E2=82\n\nbody\n",
        "created",
    ),
    "multipart-without-boundary": (
        b"From: a@b.c\nSubject: mp\nContent-Type: multipart/mixed\n\nsome text\n",
        "created",
    ),
    "multipart-missing-end": (
        b'From: a@b.c\nSubject: mp2\nContent-Type: multipart/mixed; boundary="b"\n\n--b\n'
        b"Content-Type: text/plain\n\ncut off",
        "created",
    ),
    "pdf-and-png": (
        multipart(
            text_part("Faktura i zdjęcie."),
            file_part("faktura.pdf", MINIMAL_PDF, "application/pdf"),
            file_part("zdjęcie.png", png_bytes(), "image/png", "inline"),
        ),
        "created",
    ),
    "docx-refused-but-message-kept": (
        multipart(text_part("See file"), file_part("a.docx", b"PK\x03\x04 docx", "application/x")),
        "created",
    ),
    "huge-attachment": (
        multipart(
            text_part("Big"), file_part("big.jpg", jpeg_bytes((4000, 3000)) * 12, "image/jpeg")
        ),
        "created",
    ),
    "forwarded-rfc822": (
        multipart(
            text_part("Forwarding my earlier mail."),
            "Content-Type: message/rfc822\n\nFrom: me@x.pl\nSubject: old\n\nold text",
        ),
        "created",
    ),
    "html-only-with-script": (
        b"From: a@b.c\nSubject: h\nContent-Type: text/html; charset=utf-8\n\n"
        b"<script>alert(1)</script><p onclick=x()>Hello</p>",
        "created",
    ),
    "alternative-empty-plain": (
        multipart(
            "Content-Type: text/plain\n\n ",
            "Content-Type: text/html\n\n<b>Only HTML has it</b>",
            kind="alternative",
        ),
        "created",
    ),
    "greek-utf8": (multipart(text_part("Ο βραστήρας χάλασε.")), "created"),
    "russian-utf8": (multipart(text_part("Чайник сломался.")), "created"),
    "polish-quoted-reply": (multipart(text_part("Tak.\n\nW dniu 1 marca pisze:\n> x")), "created"),
    "auto-submitted": (
        messages.plain(extra_headers="Auto-Submitted: auto-generated\n", message_id="<r1@x>"),
        "ignored",
    ),
    "x-autoreply": (
        messages.plain(extra_headers="X-Autoreply: yes\n", message_id="<r2@x>"),
        "ignored",
    ),
    "exchange-oof": (
        messages.plain(
            subject="Automatic reply: x",
            extra_headers="X-Auto-Response-Suppress: All\n",
            message_id="<r3@x>",
        ),
        "ignored",
    ),
    "precedence-bulk": (
        messages.plain(extra_headers="Precedence: bulk\n", message_id="<r4@x>"),
        "ignored",
    ),
    "precedence-junk": (
        messages.plain(extra_headers="Precedence: junk\n", message_id="<r5@x>"),
        "ignored",
    ),
    "list-id": (messages.plain(extra_headers="List-Id: <l.x>\n", message_id="<r6@x>"), "ignored"),
    "list-unsubscribe": (
        messages.plain(extra_headers="List-Unsubscribe: <mailto:u@x>\n", message_id="<r7@x>"),
        "ignored",
    ),
    "null-return-path": (
        messages.plain(extra_headers="Return-Path: <>\n", message_id="<r8@x>"),
        "ignored",
    ),
    "mailer-daemon": (messages.plain(sender="MAILER-DAEMON@mx.x", message_id="<r9@x>"), "ignored"),
    "dsn-bounce": (messages.bounce("<unknown@x>"), "ignored"),
    "x-loop": (
        messages.plain(extra_headers="X-Loop: complaints@localhost\n", message_id="<r10@x>"),
        "ignored",
    ),
    "our-own-message": (messages.plain(message_id="<1.2@localhost>"), "ignored"),
    "empty": (b"   \n", "quarantined"),
    "binary-garbage": (bytes(range(256)) * 4, "quarantined"),
    "no-sender": (b"Subject: who?\n\ntext\n", "quarantined"),
    "undecodable-sender": (b"From: \xff\xfe\nSubject: x\n\ntext\n", "quarantined"),
}


def test_the_corpus_has_at_least_forty_messages():
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_message_is_accounted_for(db, now, name):
    raw, expected = CORPUS[name]
    outcome = ingest_message(raw, now=now)
    assert outcome.kind == expected, (name, str(outcome))
    stored = InboundEmail.objects.count() + QuarantinedEmail.objects.count()
    assert stored == 1
    if expected == "created":
        assert Complaint.objects.get().description.strip()
