"""Fixed-window attempt counts for the portal's lookups and sign-in requests, counted in
the database like the form's (reklamo.throttling)."""

import hashlib

from customer_access.models import AttemptCount
from reklamo.throttling import count_in_window


def count_attempt(kind, value, *, now):
    """Count one attempt of `kind` by `value`; returns the count in the current window.

    The value is stored hashed: the table would otherwise keep the e-mail addresses and
    references people typed, including mistyped ones.
    """
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:64]
    return count_in_window(AttemptCount, now=now, key=f"{kind}:{digest}")


def allow_attempts(limits, *, now):
    """Count an attempt under every (kind, value, limit) of `limits`; False when any of
    them is used up. All are counted, so trying elsewhere does not reset one."""
    allowed = True
    for kind, value, limit in limits:
        if count_attempt(kind, value, now=now) > limit:
            allowed = False
    return allowed
