"""Flood protection for the public form: a fixed-window count per client address.

The count is a database row incremented with an UPDATE, so simultaneous posts from one
address are counted one after another (a cache's get-then-set would let them all through),
and every web process shares it.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from intake.models import SubmissionCount

WINDOW_SECONDS = 3600


def client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown")[:45]


def allow_submission(request, *, now):
    """Count this submission; False once the address used up its hourly allowance."""
    address = client_address(request)
    window = int(now.timestamp()) // WINDOW_SECONDS
    counts = SubmissionCount.objects.filter(address=address, window=window)
    with transaction.atomic():
        if not counts.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    SubmissionCount.objects.create(address=address, window=window, count=1)
            except IntegrityError:
                counts.update(count=F("count") + 1)
            else:
                SubmissionCount.objects.filter(address=address, window__lt=window).delete()
        count = counts.values_list("count", flat=True).get()
    return count <= settings.INTAKE_RATE_LIMIT_PER_HOUR
