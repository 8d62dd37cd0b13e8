"""CO-5: text messages through a pluggable gateway, phone numbers in E.164."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError

from complaints.customers import Contact
from complaints.models import TimelineEntry
from notifications.models import OutboundEmail
from sms.models import OutboundSms
from sms.outbox import deliver_sms, retry_sms
from sms.phones import normalise_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("601 234 567", "+48601234567"),
        ("+48 601-234-567", "+48601234567"),
        ("0049 30 1234567", "+49301234567"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_become_e164(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"), [("", "Enter"), ("call me", "not a phone"), ("123", "not")]
)
def test_invalid_phone_numbers_are_refused_clearly(raw, message):
    with pytest.raises(ValidationError, match=message):
        normalise_phone(raw)


class Gateway(BaseHTTPRequestHandler):
    received = []
    status = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Gateway.received.append(
            {"auth": self.headers.get("Authorization"), "body": self.rfile.read(length)}
        )
        self.send_response(Gateway.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Gateway.received = []
    Gateway.status = 200
    settings.SMS_BACKEND = "sms.backends.HttpBackend"
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_HTTP_AUTH_HEADER = "Authorization: Bearer s3cret"
    settings.SMS_HTTP_BODY = '{"recipient": "{to}", "message": "{text}"}'
    try:
        yield Gateway
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def phone_only(register):
    complaint = register(contact=Contact(name="Piotr", phone="601 234 567"), language="pl")
    return complaint, OutboundSms.objects.get(complaint=complaint)


def test_a_customer_with_only_a_phone_gets_the_acknowledgment_by_sms(phone_only):
    complaint, sms = phone_only
    assert not OutboundEmail.objects.filter(complaint=complaint).exists()
    assert sms.to == "+48601234567"
    assert sms.language == "pl"
    assert complaint.reference in sms.text
    assert sms.text.startswith("Otrzymaliśmy")


def test_a_customer_with_an_email_gets_no_acknowledgment_sms(register):
    complaint = register(contact=Contact(name="Ala", email="ala@example.com", phone="601234567"))
    assert OutboundEmail.objects.filter(complaint=complaint).count() == 1
    assert not OutboundSms.objects.filter(complaint=complaint).exists()


def test_the_http_gateway_gets_the_message(phone_only, gateway, now):
    complaint, sms = phone_only
    assert deliver_sms(sms.pk, now=now) == OutboundSms.Status.SENT

    [request] = gateway.received
    assert request["auth"] == "Bearer s3cret"
    body = json.loads(request["body"])
    assert body == {"recipient": "+48601234567", "message": sms.text}
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.SMS_SENT)
    assert entry.is_public and entry.data["to"] == "+48601234567"
    assert deliver_sms(sms.pk, now=now) is None
    assert len(gateway.received) == 1


def test_a_failing_gateway_is_retried_then_retry_sends_once(phone_only, gateway, now):
    from notifications.delivery import MAX_ATTEMPTS

    complaint, sms = phone_only
    gateway.status = 503
    for _ in range(MAX_ATTEMPTS):
        OutboundSms.objects.filter(pk=sms.pk).update(due_at=now)
        deliver_sms(sms.pk, now=now)
    sms.refresh_from_db()
    assert sms.status == OutboundSms.Status.FAILED
    assert "503" in sms.last_error
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_FAILED).exists()

    gateway.status = 200
    gateway.received = []
    assert retry_sms(sms.pk, now=now)
    assert not retry_sms(sms.pk, now=now)  # a second click changes nothing
    deliver_sms(sms.pk, now=now)
    deliver_sms(sms.pk, now=now)
    assert len(gateway.received) == 1


def test_the_file_backend_writes_for_development(phone_only, settings, tmp_path, now):
    _, sms = phone_only
    settings.SMS_BACKEND = "sms.backends.FileBackend"
    settings.SMS_FILE = str(tmp_path / "sms.log")
    deliver_sms(sms.pk, now=now)
    line = json.loads((tmp_path / "sms.log").read_text().strip())
    assert line == {"to": "+48601234567", "text": sms.text}
