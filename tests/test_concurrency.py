"""Concurrent intake against a live server: every complaint once, every reference once,
every acknowledgment sent once.

Real HTTP posts of the public form reach pytest-django's live server (one thread per
request, one database connection each); the acknowledgments then go through the task
worker to a real SMTP server on loopback. Runs on PostgreSQL when DATABASE_URL points there,
else on the SQLite test file, where the IMMEDIATE transactions make the writers queue.
"""

import http.client
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.db.models import Count, Q

from complaints.models import Complaint, Customer, ReferenceCounter, TimelineEntry
from notifications.models import OutboundEmail
from notifications.tasks import deliver_email_task

SUBMISSIONS = 100
# Concurrent clients. The live server opens a database connection per request thread, so
# this stays well under PostgreSQL's default max_connections of 100.
CLIENTS = 40
FORM_PATH = "/complaints/new/"
CONFIRMATION = re.compile(r"^/complaints/submitted/(?P<token>[^/?]+)/\?lang=en$")
TIMEOUT = 60


class ListeningServer(ThreadedWSGIServer):
    # Django's development server keeps a listen backlog of 10: forty clients connecting at
    # once overflow it and some get "connection reset by peer". gunicorn's default is 2048.
    request_queue_size = 256


@pytest.fixture(scope="module")
def live_server(request):
    """pytest-django's live server, with a listen backlog for many clients at once."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.server_class = ListeningServer
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def no_flood_limit(settings):
    # Every post comes from 127.0.0.1: the flood limit must not turn any of them away.
    # (Static files and MEDIA_ROOT are set for every test by the root conftest.)
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 100_000


@dataclass
class FilledForm:
    """A public form as one browser got it: its CSRF cookie and its own submission key."""

    cookie: str
    fields: dict


def fetch_form(base_url):
    connection_ = http.client.HTTPConnection(urlsplit(base_url).netloc, timeout=TIMEOUT)
    try:
        connection_.request("GET", f"{FORM_PATH}?lang=en")
        response = connection_.getresponse()
        html = response.read().decode()
        assert response.status == 200, html[:500]
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie"):
            cookies.load(header)
    finally:
        connection_.close()
    return FilledForm(
        cookie=f"csrftoken={cookies['csrftoken'].value}",
        fields={
            "csrfmiddlewaretoken": hidden_value(html, "csrfmiddlewaretoken"),
            "submission_key": hidden_value(html, "submission_key"),
        },
    )


def hidden_value(html, name):
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]+)"', html)
    assert match, f"no hidden {name} in the form"
    return match.group(1)


def post_form(base_url, form, fields):
    """POST the form; returns (status, Location). Raises on a connection failure."""
    body = urlencode({**form.fields, **fields})
    connection_ = http.client.HTTPConnection(urlsplit(base_url).netloc, timeout=TIMEOUT)
    try:
        connection_.request(
            "POST",
            f"{FORM_PATH}?lang=en",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": form.cookie,
            },
        )
        response = connection_.getresponse()
        content = response.read().decode(errors="replace")
        return response.status, response.getheader("Location"), content
    finally:
        connection_.close()


def get_page(base_url, path):
    connection_ = http.client.HTTPConnection(urlsplit(base_url).netloc, timeout=TIMEOUT)
    try:
        connection_.request("GET", path)
        response = connection_.getresponse()
        return response.status, response.read().decode()
    finally:
        connection_.close()


def customer_fields(number):
    return {
        "name": f"Customer {number:03d}",
        "email": f"customer{number:03d}@example.com",
        "phone": "",
        "product": "Kettle Steel 1.7 l",
        "order_number": f"ORD-{number:05d}",
        "purchase_date": "",
        "description": f"Complaint number {number}: the lid does not close.",
        "requested_remedy": "replacement",
        "consent": "on",
    }


def all_at_once(count, action, items):
    """Run `action` on every item from `count` threads; the first `count` start together.

    Each of the pool's threads takes one item first and waits at the barrier, so that many
    requests leave at the same instant; the remaining items follow as threads come free.
    """
    barrier = threading.Barrier(count, timeout=TIMEOUT)
    started = iter(range(len(items)))
    lock = threading.Lock()

    def run(item):
        with lock:
            order = next(started)
        if order < count:
            barrier.wait()
        return action(item)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, items))


def run_workers_concurrently(count):
    """Run `count` db_worker commands at the same time, each in its own thread.

    The main thread runs `manage.py db_worker` itself; the others run the same command's
    worker loop (a command installs signal handlers, which only the main thread may do).
    """
    from django_tasks_db.management.commands.db_worker import Worker

    errors = []

    def worker(number):
        try:
            Worker(
                queue_names=["default"],
                interval=0.05,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=f"test-worker-{number}",
                excluded_queue_names=[],
            ).run()
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(1, count)]
    for thread in threads:
        thread.start()
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0.05,
        worker_id="test-worker-0",
        verbosity=0,
    )
    for thread in threads:
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "a worker did not finish"
    assert not errors, errors


def test_simultaneous_submissions_get_distinct_references_and_one_acknowledgment_each(
    live_server, smtp_server
):
    base_url = live_server.url
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        forms = list(pool.map(lambda _: fetch_form(base_url), range(SUBMISSIONS)))
    assert len({form.fields["submission_key"] for form in forms}) == SUBMISSIONS

    numbered = list(enumerate(forms, start=1))
    responses = all_at_once(
        CLIENTS, lambda item: post_form(base_url, item[1], customer_fields(item[0])), numbered
    )

    failures = [(status, content[:300]) for status, _, content in responses if status != 302]
    assert not failures, f"{len(failures)} posts failed, e.g. {failures[:3]}"
    tokens = {}
    for (number, _form), (_status, location, _content) in zip(numbered, responses, strict=True):
        match = CONFIRMATION.match(location)
        assert match, location
        tokens[number] = match["token"]

    complaints = list(Complaint.objects.select_related("customer"))
    assert len(complaints) == SUBMISSIONS
    by_token = {complaint.tracking_token: complaint for complaint in complaints}
    # Each post was answered with the confirmation of its own complaint.
    for number, token in tokens.items():
        assert by_token[token].customer.email == f"customer{number:03d}@example.com"
    year = complaints[0].received_at.year
    assert {complaint.received_at.year for complaint in complaints} == {year}
    expected = [f"RK-{year}-{number:06d}" for number in range(1, SUBMISSIONS + 1)]
    assert sorted(complaint.reference for complaint in complaints) == expected
    assert ReferenceCounter.objects.get(year=year).last_number == SUBMISSIONS

    # The confirmation page shows the complaint's reference.
    number, token = next(iter(tokens.items()))
    status, html = get_page(base_url, f"/complaints/submitted/{token}/?lang=en")
    assert status == 200
    assert by_token[token].reference in html

    emails = list(OutboundEmail.objects.all())
    assert len(emails) == SUBMISSIONS
    assert all(email.status == OutboundEmail.Status.PENDING for email in emails)
    # A second task for every message, as a redelivery racing the first attempt would be:
    # the outbox's claim, not the task queue, must keep each message to one sending.
    for email in emails:
        deliver_email_task.enqueue(email.pk)

    run_workers_concurrently(3)

    received = {}
    for message in smtp_server.messages:
        [address] = message["To"].addresses
        received.setdefault(address.addr_spec, []).append(message)
    assert len(smtp_server.messages) == SUBMISSIONS
    assert len(received) == SUBMISSIONS
    for complaint in complaints:
        [message] = received[complaint.customer.email]
        assert complaint.reference in message["Subject"]
        assert message["X-Reklamo-Reference"] == complaint.reference

    emails = OutboundEmail.objects.all()
    assert set(emails.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
    assert set(emails.values_list("attempts", flat=True)) == {1}
    sent_entries = Complaint.objects.annotate(
        sent=Count("timeline", filter=Q(timeline__kind=TimelineEntry.Kind.MESSAGE_SENT))
    )
    assert {complaint.sent for complaint in sent_entries} == {1}


def test_the_same_form_posted_ten_times_at_once_makes_one_complaint(live_server):
    base_url = live_server.url
    form = fetch_form(base_url)

    responses = all_at_once(10, lambda _: post_form(base_url, form, customer_fields(1)), range(10))

    assert [status for status, _, _ in responses] == [302] * 10, [
        content[:300] for status, _, content in responses if status != 302
    ]
    assert len({location for _, location, _ in responses}) == 1
    [complaint] = Complaint.objects.all()
    assert CONFIRMATION.match(responses[0][1])["token"] == complaint.tracking_token
    assert complaint.submission_key == form.fields["submission_key"]
    assert complaint.reference.endswith("-000001")
    assert ReferenceCounter.objects.get().last_number == 1
    # The posts that lost the race rolled back everything they had written.
    assert OutboundEmail.objects.count() == 1
    assert TimelineEntry.objects.count() == 1
    assert complaint.customer.complaints.count() == 1
    assert Customer.objects.count() == 1


def test_one_new_customer_posting_several_complaints_at_once_is_one_customer(live_server):
    # The customer is looked up under the reference counter's lock; before, each of these
    # posts created its own Customer on PostgreSQL.
    base_url = live_server.url
    forms = [fetch_form(base_url) for _ in range(20)]

    responses = all_at_once(20, lambda form: post_form(base_url, form, customer_fields(7)), forms)

    assert [status for status, _, _ in responses] == [302] * 20
    assert Complaint.objects.count() == 20
    assert Customer.objects.count() == 1


def test_the_flood_limit_holds_for_simultaneous_posts(live_server, settings):
    # A get-then-set counter in the cache let every one of these posts through.
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 10
    base_url = live_server.url
    forms = [fetch_form(base_url) for _ in range(CLIENTS)]

    responses = all_at_once(
        CLIENTS,
        lambda item: post_form(base_url, item[1], customer_fields(item[0])),
        list(enumerate(forms, start=1)),
    )

    statuses = sorted(status for status, _, _ in responses)
    assert statuses == [302] * 10 + [429] * (CLIENTS - 10)
    assert Complaint.objects.count() == 10
