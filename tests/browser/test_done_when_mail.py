"""Issue 6's "done when", end to end on real servers: an admin adds a mailbox in Settings →
Mail, a customer writes from a mail client to a real Dovecot, the worker reads it and the
Polish acknowledgment reaches a real SMTP server; the customer's reply lands on the
complaint's timeline, their out-of-office answer is not answered, and closing the complaint
e-mails a survey whose link opens the form."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from complaints.models import Complaint, TimelineEntry
from mailin.imap import poll_due_mailboxes
from mailin.models import Mailbox
from mailin.tests.conftest import dovecot  # noqa: F401 - the fixture, shared with mailin
from notifications.models import OutboundEmail
from tests.browser.conftest import sign_in
from workflow.decisions import record_decision
from workflow.transitions import move_complaint

pytestmark = pytest.mark.browser

CUSTOMER = "zofia.wisniewska@poczta.example.pl"


def thunderbird(*, message_id, subject, body, extra_headers="", sent="Mon, 2 Mar 2026 10:12:00"):
    """A message as Thunderbird writes it: UTF-8, 8bit, format=flowed, Content-Language."""
    return (
        f"Message-ID: {message_id}\n"
        f"Date: {sent} +0100\n"
        "MIME-Version: 1.0\n"
        "User-Agent: Mozilla Thunderbird\n"
        "Content-Language: pl\n"
        "To: reklamacje@sklep.example\n"
        f"From: =?UTF-8?Q?Zofia_Wi=C5=9Bniewska?= <{CUSTOMER}>\n"
        f"Subject: {subject}\n"
        f"{extra_headers}"
        "Content-Type: text/plain; charset=UTF-8; format=flowed\n"
        "Content-Transfer-Encoding: 8bit\n\n" + body
    ).encode()


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def sent_to(smtp_server, address):
    return [message for message in smtp_server.messages if message["To"] == address]


def test_mail_in_acknowledged_in_polish_reply_threads_auto_reply_ignored_survey_on_closing(
    open_page,
    shipped_checklist,
    smtp_server,
    dovecot,  # noqa: F811 - the imported fixture
    admin_user,
    verify,
    carry_out,
):
    now = timezone.now()

    # A new admin adds the shop's mailbox in Settings → Mail.
    page = open_page()
    sign_in(page, admin_user)
    page.goto("/desk/settings/mail/")
    page.locator("#id_name").fill("Reklamacje")
    page.locator("#id_host").fill("127.0.0.1")
    page.locator("#id_port").fill(str(dovecot.port))
    page.locator("#id_security").select_option("plain")
    page.locator("#id_username").fill(dovecot.username)
    page.locator("#id_password").fill(dovecot.password)
    page.locator("#id_folder").fill("INBOX")
    page.locator("#id_default_language").select_option("pl")
    page.locator("#add-mailbox").click()
    expect(page.locator("#mailboxes")).to_contain_text("Reklamacje")
    mailbox = Mailbox.objects.get()
    assert (mailbox.port, mailbox.default_language) == (dovecot.port, "pl")

    # The customer writes from Thunderbird; the worker reads the mailbox and sends the ack.
    dovecot.deliver(
        thunderbird(
            message_id="<5f2b9c1e-0001-4d3a-zofia@poczta.example.pl>",
            subject="=?UTF-8?Q?Pralka_przecieka_=E2=80=94_prosz=C4=99_o_napraw=C4=99?=",
            body="Dzień dobry,\n\npralka przecieka od pierwszego prania. Proszę o naprawę.\n\n"
            "-- \nZofia Wiśniewska\n",
        )
    )
    [created] = poll_due_mailboxes(now=now)[mailbox.pk]
    assert created.kind == "created"
    complaint = Complaint.objects.get()
    assert (complaint.language, complaint.customer.email) == ("pl", CUSTOMER)
    run_worker()
    [ack] = sent_to(smtp_server, CUSTOMER)
    assert ack["Subject"] == f"[{complaint.reference}] Otrzymaliśmy Twoją reklamację"
    assert "Zarejestrowaliśmy Twoją reklamację pod numerem" in ack.get_content()
    assert ack.get_content().startswith("Dzień dobry Zofia Wiśniewska,")
    assert ack["Auto-Submitted"] == "auto-generated"
    # The acknowledgment answers her own e-mail, so her mail program shows one conversation
    # (CO-1); its Message-ID is what her reply names.
    assert ack["In-Reply-To"] == "<5f2b9c1e-0001-4d3a-zofia@poczta.example.pl>"
    assert ack["Message-ID"] == OutboundEmail.objects.get().message_id

    # She answers the acknowledgment; the reply lands on the complaint, unanswered.
    dovecot.deliver(
        thunderbird(
            message_id="<5f2b9c1e-0002-4d3a-zofia@poczta.example.pl>",
            subject=f"Re: {ack['Subject']}",
            body="Numer paragonu: 2026/03/4411. Pralka stoi w łazience.\n\n"
            f"W dniu 2.03.2026 o 10:30, Reklamo pisze:\n> {ack.get_content()[:40]}\n",
            extra_headers=f"In-Reply-To: {ack['Message-ID']}\nReferences: {ack['Message-ID']}\n",
            sent="Mon, 2 Mar 2026 10:40:00",
        )
    )
    [replied] = poll_due_mailboxes(now=now + timedelta(minutes=2))[mailbox.pk]
    assert str(replied) == f"reply {complaint.reference}"
    page.goto(f"/desk/complaints/{complaint.reference}/")
    expect(page.locator("#timeline")).to_contain_text("Numer paragonu: 2026/03/4411.")
    expect(page.locator("#timeline")).not_to_contain_text("Reklamo pisze")

    # Her out-of-office answers too: not a complaint, not a message, never answered.
    dovecot.deliver(
        thunderbird(
            message_id="<5f2b9c1e-0003-4d3a-zofia@poczta.example.pl>",
            subject=f"=?UTF-8?Q?Nieobecno=C5=9B=C4=87?=: {ack['Subject']}",
            body="Jestem na urlopie do 16 marca.\n",
            extra_headers=f"In-Reply-To: {ack['Message-ID']}\nAuto-Submitted: auto-replied\n",
            sent="Mon, 2 Mar 2026 10:41:00",
        )
    )
    [ignored] = poll_due_mailboxes(now=now + timedelta(minutes=4))[mailbox.pk]
    assert ignored.kind == "ignored"
    assert Complaint.objects.count() == 1
    assert not complaint.timeline.filter(text__contains="urlopie").exists()
    run_worker()
    assert len(sent_to(smtp_server, CUSTOMER)) == 1
    assert dovecot.unseen() == []

    # Staff take the complaint through verification and an accepted decision to Closed.
    agent = admin_user
    move_complaint(complaint, to="verification", by=agent, now=now)
    verify(complaint, by=agent, at=now)
    move_complaint(complaint, to="decision", by=agent, now=now)
    record_decision(
        complaint,
        outcome="accepted",
        justification="Uszczelka do wymiany.",
        remedy="repair",
        amount=None,
        currency="PLN",
        by=agent,
        now=now,
    )
    carry_out(complaint, by=agent, at=now)
    move_complaint(complaint, to="closed", by=agent, now=now)
    run_worker()
    survey_mail = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.SURVEY)
    assert survey_mail.language == "pl"
    # The decision e-mail carries its letter as a PDF (DO-1): read each one's text part.
    [survey] = [
        m
        for m in sent_to(smtp_server, CUSTOMER)
        if "/survey/" in m.get_body(preferencelist=("plain",)).get_content()
    ]
    assert complaint.reference in survey["Subject"]
    # Threaded into her conversation: its root is her own first e-mail.
    assert survey["References"].startswith("<5f2b9c1e-0001-4d3a-zofia@poczta.example.pl>")
    link = re.search(r"https?://\S+?(/survey/\S+?/)", survey.get_content()).group(1)

    customer = open_page(locale="pl-PL")
    customer.goto(link)
    expect(customer.get_by_role("radio")).to_have_count(5)
    expect(customer.locator("main form button[type=submit]")).to_be_visible()
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_RECEIVED).count() == 1
