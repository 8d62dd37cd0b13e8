"""The status part of the tracking page: the stage in plain words and when to expect a
decision, from the legal and service clocks (PO-1)."""

from django.utils import formats, timezone

from deadlines.models import ComplaintClock
from portal.queries import expected_decision
from portal.tests.conftest import track_url


def day(moment):
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def test_expected_date_is_the_earlier_promise(client, register):
    complaint = register()
    clock = ComplaintClock.objects.get(complaint=complaint)
    earlier = min(due for due in (clock.legal_due, clock.resolution_due) if due is not None)

    html = client.get(track_url(complaint)).content.decode()

    assert day(earlier) in html
    assert 'id="expected"' in html


def test_legal_deadline_is_said_as_at_the_latest(register, now):
    complaint = register()
    clock = ComplaintClock.objects.get(complaint=complaint)
    ComplaintClock.objects.filter(pk=clock.pk).update(
        resolution_due=clock.legal_due + timezone.timedelta(days=30)
    )

    expected = expected_decision(complaint, now=now)

    assert (expected.kind, expected.at, expected.is_legal) == ("due", clock.legal_due, True)


def test_a_promise_passed_says_we_are_late(client, register, now):
    complaint = register()
    ComplaintClock.objects.filter(complaint=complaint).update(legal_due=now, resolution_due=now)

    expected = expected_decision(complaint, now=now + timezone.timedelta(days=1))

    assert expected.kind == "late"
    assert "We are sorry it is taking longer" in client.get(track_url(complaint)).content.decode()


def test_deemed_accepted_is_said_plainly(client, register, now):
    complaint = register()
    ComplaintClock.objects.filter(complaint=complaint).update(deemed_accepted_at=now)

    html = client.get(track_url(complaint)).content.decode()

    assert "your complaint is treated as accepted" in html


def test_no_clock_promises_nothing(client, register):
    complaint = register()
    ComplaintClock.objects.filter(complaint=complaint).delete()

    html = client.get(track_url(complaint)).content.decode()

    assert "We expect to decide by" not in html and "at the latest" not in html
