"""Flood protection for the public form: a fixed-window count per client address
(reklamo.throttling)."""

from django.conf import settings

from intake.models import SubmissionCount
from reklamo.throttling import client_address, count_in_window


def allow_submission(request, *, now):
    """Count this submission; False once the address used up its hourly allowance."""
    count = count_in_window(SubmissionCount, now=now, address=client_address(request))
    return count <= settings.INTAKE_RATE_LIMIT_PER_HOUR
