"""The cast shared by every test: staff, a customer, and helpers to register complaints.

Like alice and bob in healthchecks' tests: `agent`, `other_agent`, `manager`, `specialist`,
`admin_user`.
"""

import io
import socket
import threading
from datetime import datetime
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from accounts.models import Role, User
from complaints.customers import Contact
from complaints.models import Channel, Remedy
from intake.registration import register_complaint

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    # The real hasher spends half a second per password on purpose; tests need no such cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages find static files without a collectstatic run, as on a fresh checkout.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test stores its uploads apart and leaves nothing in var/.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_FILE = str(tmp_path / "sms.log")
    # A request in Polish leaves Polish active in this thread; every test starts in English.
    translation.activate("en")
    yield
    translation.deactivate()


def make_staff(username, role, **extra):
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, first_name=username.title(), **extra
    )
    return user


@pytest.fixture
def agent(db):
    return make_staff("agnes", Role.AGENT)


@pytest.fixture
def other_agent(db):
    return make_staff("oscar", Role.AGENT)


@pytest.fixture
def manager(db):
    return make_staff("maria", Role.MANAGER)


@pytest.fixture
def specialist(db):
    """An expert outside the complaint team, asked for opinions (WF-6)."""
    return make_staff("sven", Role.SPECIALIST)


@pytest.fixture
def admin_user(db):
    return make_staff("ada", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def now():
    return timezone.make_aware(datetime(2026, 3, 2, 10, 30))


def jpeg_bytes(size=(64, 48), color=(200, 40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def png_bytes(size=(32, 32)):
    buffer = io.BytesIO()
    Image.new("RGBA", size, (0, 128, 255, 255)).save(buffer, "PNG")
    return buffer.getvalue()


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def photo(name="broken.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def receipt(name="receipt.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


@pytest.fixture
def register(db, now):
    """Register a complaint through the one domain function, with sensible defaults."""

    def _register(**overrides):
        values = {
            "channel": Channel.WEB_FORM,
            "contact": Contact(name="Cecilia Customer", email="cecilia@example.com"),
            "product": "Kettle Steel 1.7 l",
            "order_number": "ORD-1001",
            "description": "The lid does not close.",
            "requested_remedy": Remedy.REPLACEMENT,
            "language": "en",
            "received_at": now,
            "consent_given": True,
        }
        values.update(overrides)
        return register_complaint(**values)

    return _register


@pytest.fixture
def verify(db, now):
    """Tick every point of the complaint's verification checklist, as an agent does (WF-2)."""
    from workflow.verification import checklist_for, set_check

    def _verify(complaint, *, by, at=None):
        for item in checklist_for(complaint):
            set_check(complaint, item, checked=True, by=by, now=at or now)
        return complaint

    return _verify


@pytest.fixture
def carry_out(db, now):
    """Mark every open resolution action of the complaint done (WF-4)."""
    from workflow.resolution import complete_action, open_actions

    def _carry_out(complaint, *, by, at=None):
        for action in open_actions(complaint):
            complete_action(action, by=by, now=at or now)
        return complaint

    return _carry_out


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPSink:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """Route Django's mail through a real SMTP server on 127.0.0.1; yields the sink."""
    sink = SMTPSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        yield sink
    finally:
        controller.stop()
