"""Flood protection for the public form: a fixed-window count per client address."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def allow_submission(request, *, now):
    """Count this submission; False once the address used up its hourly allowance."""
    window = int(now.timestamp()) // WINDOW_SECONDS
    key = f"intake:submissions:{client_address(request)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        # The entry expired between add() and incr().
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= settings.INTAKE_RATE_LIMIT_PER_HOUR
