import threading

import pytest
from django.db import connection, transaction

from complaints.models import ReferenceCounter
from complaints.references import allocate_reference, format_reference


def test_format_pads_to_six_digits():
    assert format_reference(2026, 123) == "RK-2026-000123"
    assert format_reference(2026, 1234567) == "RK-2026-1234567"


def test_allocation_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        allocate_reference(year=2026)


def test_rolled_back_allocation_gives_the_number_back(db):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        allocate_reference(year=2026)
        1 / 0  # noqa: B018

    with transaction.atomic():
        assert allocate_reference(year=2026) == "RK-2026-000001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_collide():
    errors = []
    numbers = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def allocate_many():
        try:
            start.wait()
            for _ in range(10):
                with transaction.atomic():
                    reference = allocate_reference(year=2027)
                with lock:
                    numbers.append(reference)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == [format_reference(2027, n) for n in range(1, 81)]
    assert ReferenceCounter.objects.get(year=2027).last_number == 80
