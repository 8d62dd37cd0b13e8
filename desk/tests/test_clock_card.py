import zoneinfo
from datetime import datetime

import time_machine
from django.urls import reverse

from deadlines.clocks import pause_sla, record_answer_sent
from deadlines.models import ComplaintClock

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def card(client, complaint, at):
    with time_machine.travel(at, tick=False):
        response = client.get(reverse("desk:complaint_detail", args=[complaint.reference]))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="clocks"') : html.index("</section>", html.index('id="clocks"'))]


def test_detail_shows_both_clocks_side_by_side(client, register, agent):
    complaint = register()  # Monday 2 March 2026, 10:30
    client.force_login(agent)

    html = card(client, complaint, datetime(2026, 3, 3, 10, 30, tzinfo=WARSAW))

    assert "Service level" in html and "Legal deadline" in html
    assert html.count('class="badge due-on_time"') == 2
    assert "20 % of the time used" in html
    assert "9 Mar 2026, 10:30" in html  # resolution due
    assert "16 Mar 2026" in html  # the last day of the Polish 14-day term
    assert "Poland, consumer, services" in html
    assert "The complaint is deemed accepted" in html


def test_detail_colours_a_breached_service_level_and_a_legal_term_at_risk(client, register, agent):
    complaint = register()
    record_answer_sent(complaint, at=datetime(2026, 3, 9, 12, tzinfo=WARSAW))
    client.force_login(agent)

    html = card(client, complaint, datetime(2026, 3, 10, 9, tzinfo=WARSAW))

    assert 'class="badge due-breached"' in html
    assert "of the time used" not in html  # no "140 %" once it is over
    assert 'class="badge due-at_risk"' in html
    assert "sent, not yet delivered" in html


def test_detail_shows_a_paused_service_clock(client, register, agent):
    complaint = register()
    pause_sla(complaint, now=datetime(2026, 3, 3, 10, 30, tzinfo=WARSAW))
    client.force_login(agent)

    html = card(client, complaint, datetime(2026, 3, 20, 9, tzinfo=WARSAW))

    assert 'class="badge due-paused"' in html
    assert "Paused since" in html


def test_detail_without_a_clock_says_so(client, register, agent):
    complaint = register()
    ComplaintClock.objects.all().delete()
    client.force_login(agent)

    html = card(client, complaint, datetime(2026, 3, 3, 10, 30, tzinfo=WARSAW))

    assert "No clocks run for this complaint." in html
