"""Human reference numbers: RK-YYYY-NNNNNN, a sequence per year, never reused."""

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from complaints.models import ReferenceCounter

PREFIX = "RK"


def format_reference(year, number):
    return f"{PREFIX}-{year}-{number:06d}"


def allocate_reference(*, year):
    """Take the next number of `year`. Must run inside the transaction that stores it.

    The UPDATE locks the year's counter row until that transaction ends (on SQLite the
    IMMEDIATE transaction holds the database's write lock), so concurrent intakes queue and
    each sees the number its predecessor committed. A rolled-back intake gives its number
    back together with everything else, so no number is ever skipped or given twice.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("allocate_reference() must run inside transaction.atomic()")
    while True:
        updated = ReferenceCounter.objects.filter(year=year).update(
            last_number=F("last_number") + 1
        )
        if updated:
            number = ReferenceCounter.objects.values_list("last_number", flat=True).get(year=year)
            return format_reference(year, number)
        try:
            # First complaint of the year. A concurrent first one makes this insert fail;
            # then the row exists and the UPDATE above takes its lock.
            with transaction.atomic():
                ReferenceCounter.objects.create(year=year, last_number=1)
            return format_reference(year, 1)
        except IntegrityError:
            continue
