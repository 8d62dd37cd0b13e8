import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import User
from complaints.models import Complaint, ComplaintLink
from conftest import free_port
from consultations.models import OpinionRequest
from deadlines.states import State, legal_state, sla_state
from notifications.models import OutboundEmail, StaffAlert
from reklamo.demo_data import DEADLINE_SHOWCASE, DEMO_PASSWORD, seed_demo
from sms.models import OutboundSms
from workflow.queries import default_stages

SHOWCASE = [product for _, product, *_ in DEADLINE_SHOWCASE]
ROOT = Path(__file__).resolve().parents[2]


# As in `manage.py demo`: every stage change commits, and its receivers (clocks, customer
# notices, surveys) run at once.
@pytest.mark.django_db(transaction=True)
def test_demo_company_has_staff_and_complaints_in_every_stage():
    now = timezone.now()
    assert seed_demo(now=now) == 205

    assert set(User.objects.values_list("username", flat=True)) == {
        "admin",
        "manager",
        "agent",
        "agent2",
        "expert",
    }
    assert User.objects.get(username="agent").check_password(DEMO_PASSWORD)
    stages = Counter(Complaint.objects.values_list("stage", flat=True))
    assert set(stages) == {stage.key for stage in default_stages()}
    assert Complaint.objects.filter(owner__isnull=True).exists()
    # Only the checker's warnings about the showcase wait in the outbox for the worker; the
    # notices of the seeded history (to customers, and earlier warnings) are filed as sent.
    pending = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING)
    assert {email.purpose for email in pending} == {OutboundEmail.Purpose.STAFF_ALERT}
    assert {email.complaint.product for email in pending} == set(SHOWCASE)
    assert not OutboundSms.objects.filter(status=OutboundSms.Status.PENDING).exists()
    unread = {
        (alert.recipient.username, alert.kind, alert.complaint.product)
        for alert in StaffAlert.objects.filter(read_at__isnull=True)
    }
    assert ("agent", "sla_warning", "Dishwasher CleanMax 45") in unread
    assert ("manager", "sla_breach", "Smartwatch Pulse 3") in unread
    assert ("manager", "deemed_accepted", "Coffee grinder Mielnik 2") in unread
    assert {product for _, _, product in unread} == set(SHOWCASE)
    # WF-9: one duplicate merged (and linked to its survivor), one pair linked.
    merged = Complaint.objects.get(merged_into__isnull=False)
    assert merged.customer_id == merged.merged_into.customer_id
    assert ComplaintLink.objects.count() == 2
    expert = User.objects.get(username="expert")
    assert expert.is_specialist
    assert list(expert.departments.values_list("name", flat=True)) == ["Technical service"]
    opinions = OpinionRequest.objects.all()
    assert opinions.filter(answered_at__isnull=True).count() >= 2
    assert opinions.filter(answered_at__isnull=False).count() >= 1
    # DL-3 on show: one at risk, one breached, one past the Polish 14 days.
    states = {}
    for complaint in Complaint.objects.filter(product__in=SHOWCASE).select_related("clock"):
        clock = complaint.clock
        states[complaint.product] = (
            sla_state(clock, now=now).state,
            legal_state(clock, now=now, received_at=complaint.received_at).state,
        )
    assert states["Dishwasher CleanMax 45"][0] == State.AT_RISK
    assert states["Smartwatch Pulse 3"][0] == State.BREACHED
    assert states["Coffee grinder Mielnik 2"][1] == State.DEEMED_ACCEPTED
    # The other open complaints show a mix, not a sea of red.
    mix = Counter(
        sla_state(complaint.clock, now=now).state
        for complaint in Complaint.objects.exclude(stage__in=["closed", "rejected"])
        .exclude(product__in=SHOWCASE)
        .select_related("clock__policy", "clock__calendar")
    )
    assert mix[State.ON_TIME] > mix[State.BREACHED] > 0
    # Seeding twice changes nothing.
    assert seed_demo(now=timezone.now()) == 0


def test_quick_start_serves_the_product_and_stops_cleanly_on_ctrl_c(tmp_path):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the quick start is the SQLite mode")
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")}
    environment["REKLAMO_VAR_DIR"] = str(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "demo", "--port", str(port)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            output.append(line)
            if "Press Ctrl-C to stop" in line or process.poll() is not None:
                break
        text = "".join(output)
        assert f"http://127.0.0.1:{port}/complaints/new/" in text, text
        assert "agent" in text and DEMO_PASSWORD in text
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/complaints/new/") as response:
            assert response.status == 200
            page = response.read().decode()
        assert "submission_key" in page
        form = {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[
                1
            ],
            "submission_key": re.search(r'name="submission_key" value="([^"]+)"', page)[1],
            "name": "Quick Start",
            "email": "quick@example.com",
            "description": "Broken.",
            "requested_remedy": "repair",
            "consent": "on",
        }
        cookie = response.headers["Set-Cookie"].split(";")[0]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/complaints/new/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Cookie": cookie},
        )
        with urllib.request.urlopen(request) as confirmation:
            assert f"http://127.0.0.1:{port}/track/" in confirmation.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/reklamo/reklamo.css") as r:
            assert r.status == 200
        # The worker sends the acknowledgment; the console backend prints it here.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            output.append(line)
            if "] We received your complaint" in line or process.poll() is not None:
                break
        assert "] We received your complaint" in "".join(output[-5:])

        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, rest
    assert "Stopped." in rest
    leftovers = subprocess.run(
        ["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True, text=True
    ).stdout
    assert leftovers == ""


@pytest.mark.django_db(transaction=True)
def test_demo_shows_the_customers_side_with_photos_and_a_choice_of_remedies():
    from complaints.models import Attachment
    from reklamo.demo_data import PORTAL_CUSTOMER, portal_showcase_link

    seed_demo(now=timezone.now())

    kettle, vacuum = Complaint.objects.filter(customer__email=PORTAL_CUSTOMER.email).order_by(
        "received_at"
    )
    assert (kettle.stage, vacuum.stage) == ("closed", "resolution")
    roles = dict(Attachment.objects.filter(complaint=kettle).values_list("role", "uploaded_by"))
    assert set(roles) == {"", "after"}  # the customer's photo (the defect) and ours after
    assert roles[""] is None
    assert vacuum.decisions.get().offered_remedies == ["repair", "replacement"]
    assert portal_showcase_link() == f"/track/{vacuum.tracking_token}/"
