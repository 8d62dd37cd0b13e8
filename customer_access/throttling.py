"""Fixed-window attempt counts for the portal's lookups and sign-in requests.

Counted in the database like intake.throttling: an UPDATE serialises simultaneous attempts,
and every web process shares the count (a per-process cache would multiply the allowance).
"""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import F

from customer_access.models import AttemptCount

WINDOW_SECONDS = 3600


def client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown")[:45]


def count_attempt(kind, value, *, now):
    """Count one attempt of `kind` by `value`; returns the count in the current window.

    The value is stored hashed: the table would otherwise keep the e-mail addresses and
    references people typed, including mistyped ones.
    """
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:64]
    key = f"{kind}:{digest}"
    window = int(now.timestamp()) // WINDOW_SECONDS
    counts = AttemptCount.objects.filter(key=key, window=window)
    with transaction.atomic():
        if not counts.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    AttemptCount.objects.create(key=key, window=window, count=1)
            except IntegrityError:
                counts.update(count=F("count") + 1)
            else:
                # A new window for this key: the table keeps only the last two hours.
                AttemptCount.objects.filter(window__lt=window - 1).delete()
        return counts.values_list("count", flat=True).get()


def allow_attempts(limits, *, now):
    """Count an attempt under every (kind, value, limit) of `limits`; False when any of
    them is used up. All are counted, so trying elsewhere does not reset one."""
    allowed = True
    for kind, value, limit in limits:
        if count_attempt(kind, value, now=now) > limit:
            allowed = False
    return allowed
