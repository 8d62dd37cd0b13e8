"""Fixed-window counts in the database, for the public pages' flood protection.

The count is a row incremented with an UPDATE, so simultaneous requests are counted one
after another (a cache's get-then-set would let them all through), and every web process
shares it. intake.throttling (the form) and customer_access.throttling (lookups, sign-in)
count this way.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

WINDOW_SECONDS = 3600


def client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown")[:45]


def count_in_window(model, *, now, **key):
    """Add one to the count of `key` (a model with `window` and `count` fields, unique per
    key and window) in the current window; returns the new count. The first count of a
    window also deletes the windows before the previous one: the table stays small."""
    window = int(now.timestamp()) // WINDOW_SECONDS
    counts = model.objects.filter(window=window, **key)
    with transaction.atomic():
        if not counts.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    model.objects.create(window=window, count=1, **key)
            except IntegrityError:
                counts.update(count=F("count") + 1)
            else:
                model.objects.filter(window__lt=window - 1).delete()
        return counts.values_list("count", flat=True).get()
