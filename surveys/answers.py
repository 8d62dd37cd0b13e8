"""The satisfaction survey (CO-4): sent when a complaint closes, answered once, low scores
brought to the managers."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.roles import managers_to_alert
from complaints.models import TimelineEntry
from complaints.timeline import record_event
from notifications.alerts import alert_staff
from notifications.models import OutboundEmail
from notifications.outbox import queue_email
from surveys.models import Survey

COMMENT_MAX_LENGTH = 5_000
SCORES = range(1, 6)


class SurveyClosed(Exception):
    """The survey cannot be answered (any more); the message says why."""


class AlreadyAnswered(SurveyClosed):
    pass


class SurveyExpired(SurveyClosed):
    pass


def survey_url(survey):
    return settings.SITE_URL + reverse("surveys:answer", args=[survey.token])


def send_survey(complaint, *, now):
    """Create the complaint's survey and e-mail its link, once per complaint.

    Returns the new Survey, or None when there is nobody to ask by e-mail or the complaint
    had its survey already (a case reopened and closed again is not asked twice).
    """
    if not complaint.customer.email or Survey.objects.filter(complaint=complaint).exists():
        return None
    language = complaint.language or complaint.customer.language
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                complaint=complaint,
                sent_at=now,
                expires_at=now + timedelta(days=settings.SURVEY_VALID_DAYS),
            )
            with translation.override(language):
                subject = _("[%(reference)s] How did we do?") % {"reference": complaint.reference}
                body = render_to_string(
                    "surveys/email/survey.txt",
                    {"complaint": complaint, "survey": survey, "url": survey_url(survey)},
                ).strip()
            queue_email(
                complaint,
                purpose=OutboundEmail.Purpose.SURVEY,
                to=complaint.customer.email,
                subject=subject,
                body=body,
                language=language,
                now=now,
            )
    except IntegrityError:
        # Two closings racing: the other one sent it.
        return None
    return survey


def clean_score(value):
    """The score as an int from 1 to 5, or ValidationError."""
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = None
    if score not in SCORES:
        raise ValidationError({"score": _("Choose a score from 1 to 5.")}, code="score")
    return score


def answer_survey(survey, *, score, comment, now):
    """Record the customer's answer; raises SurveyClosed or ValidationError, changing nothing.

    The row is locked, so of two submits (a double click, two tabs) only the first counts.
    A low score alerts every manager once (the alert's key names the survey).
    """
    score = clean_score(score)
    comment = comment.replace("\r\n", "\n").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": _("Keep the comment to at most %(limit)d characters.")
                % {"limit": COMMENT_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        locked = Survey.objects.select_for_update().select_related("complaint").get(pk=survey.pk)
        if locked.is_answered:
            raise AlreadyAnswered(_("This survey has been answered already. Thank you!"))
        if locked.is_expired(now):
            raise SurveyExpired(
                _("This survey closed on %(date)s; answers are no longer taken.")
                % {"date": date_format(timezone.localtime(locked.expires_at), "DATE_FORMAT")}
            )
        locked.score = score
        locked.comment = comment
        locked.answered_at = now
        locked.save(update_fields=["score", "comment", "answered_at"])
        record_event(
            locked.complaint,
            TimelineEntry.Kind.SURVEY_ANSWERED,
            at=now,
            text=comment,
            score=score,
        )
        if is_low_score(score):
            alert_managers(locked, now=now)
    return locked


def is_low_score(score):
    return score is not None and score <= settings.SURVEY_LOW_SCORE


def alert_managers(survey, *, now):
    """Tell every active manager of a low score, once each."""
    complaint = survey.complaint
    text = _("%(reference)s: the customer rated us %(score)d out of 5.") % {
        "reference": complaint.reference,
        "score": survey.score,
    }
    if survey.comment:
        text += " " + _("Comment: %(comment)s") % {"comment": survey.comment[:500]}
    alerts = []
    for manager in managers_to_alert():
        alert = alert_staff(
            manager,
            kind="survey_low_score",
            key=f"survey_low_score:{survey.pk}",
            text=text,
            now=now,
            complaint=complaint,
            subject=_("Low satisfaction score"),
        )
        if alert is not None:
            alerts.append(alert)
    return alerts
