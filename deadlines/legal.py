"""Statutory answer terms (DL-2): which rule applies, and when its term ends."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from deadlines.calendars import end_of_day, next_working_day
from deadlines.models import LegalRule


@dataclass(frozen=True)
class LegalDue:
    last_day: date
    # The last moment of `last_day` in the calendar's time zone.
    ends_at: datetime


def legal_due(received_at, rule, calendar, *, complex_case=False):
    """The last day of a rule's term for a complaint received at `received_at`.

    The term counts calendar days from the day after receipt (Polish civil code art. 111 § 2,
    Russian civil code art. 191) in the calendar's zone. When the rule says so, an end on a
    Saturday, Sunday or public holiday moves to the next working day (Polish civil code
    art. 115, Russian civil code art. 193). `complex_case` uses the rule's extended term.
    """
    days = rule.extended_days if complex_case and rule.extended_days else rule.days
    received_day = received_at.astimezone(zoneinfo.ZoneInfo(calendar.time_zone)).date()
    last_day = received_day + timedelta(days=days)
    if rule.moves_off_non_working_day:
        last_day = next_working_day(last_day, calendar)
    return LegalDue(last_day=last_day, ends_at=end_of_day(last_day, calendar))


def rule_for(jurisdiction, customer_type, subject, remedy):
    """The most specific active rule that fits, or None.

    A condition left empty on a rule matches anything; a condition the rule names must be
    met (an unknown value meets none). A rule of the jurisdiction beats a general one; then
    the rule naming more conditions wins; then, among equals, the shortest term, since
    answering early never breaks the law.
    """
    asked = {"customer_type": customer_type, "subject": subject, "remedy": remedy}
    best = None
    for rule in LegalRule.objects.filter(is_active=True, jurisdiction__in=[jurisdiction, ""]):
        specific = 0
        for field, value in asked.items():
            rule_value = getattr(rule, field)
            if rule_value:
                if rule_value != value:
                    break
                specific += 1
        else:
            key = (bool(rule.jurisdiction), specific, -rule.days, -rule.pk)
            if best is None or key > best[0]:
                best = (key, rule)
    return best[1] if best else None
