"""Benchmark the periodic clock checker (DL-3) over 100,000 and 1,000,000 open complaints.

    uv run python bench/clock_checker.py                       # SQLite in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reklamo_bench \
        uv run python bench/clock_checker.py --yes             # PostgreSQL

The database conventions are bench/desk_list.py's (its own SQLite file under var/bench/,
recreated every run; a PostgreSQL database whose name ends in "_bench", refused when not
empty unless --yes).

Open complaints are seeded with bulk_create, each with a running clock whose warnings and
due dates lie in the future (so its `next_check_at` too). For each size the checker runs
(a) with nothing due, (b) with 100 and (c) with 1,000 clocks made due just before the run
(their service-level warning instant moved into the past, untimed); each due clock raises
one warning: the claim, a timeline entry, the owner's alert and its e-mail in the outbox.
The table shows the median time per run, the time per event and the SQL queries per run.
The exit status is 1 when a run with nothing due costs more than one query, or when the
time of a run grows with the number of complaints rather than the number due (a run at the
largest size slower than three times the same run at the smallest, plus 20 ms).
"""

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from desk_list import analyze, prepare_database, setup_django

DUE_COUNTS = [0, 100, 1000]
CHUNK = 20_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100000,1000000", help="open complaint counts, ascending"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case")
    parser.add_argument(
        "--yes", action="store_true", help="drop and recreate a non-empty *_bench database"
    )
    parser.add_argument(
        "--no-analyze", dest="analyze", action="store_false", help="see desk_list.py"
    )
    parser.add_argument("--explain", action="store_true", help="print the scan's plan")
    parser.add_argument("--seed", type=int, default=20260302)
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.sizes.split(",")]
    if args.sizes != sorted(args.sizes):
        parser.error("--sizes must be ascending: the seeding only adds complaints")
    return args


class Seeder:
    """Open complaints with running clocks: minimal rows, in chunks."""

    def __init__(self, seed, now):
        from accounts.models import Role, User
        from complaints.models import Customer
        from deadlines.clocks import _ship_defaults_to_an_empty_database
        from deadlines.models import LegalRule, SlaPolicy

        self.random = random.Random(seed)
        self.now = now
        self.serial = 0
        self.agent = User(
            username="agnes", role=Role.AGENT, first_name="Agnes", email="agnes@example.com"
        )
        self.agent.set_unusable_password()
        self.agent.save()
        manager = User(username="maria", role=Role.MANAGER, email="maria@example.com")
        manager.set_unusable_password()
        manager.save()
        _ship_defaults_to_an_empty_database()
        self.policy = SlaPolicy.objects.filter(is_active=True).first()
        self.rule = LegalRule.objects.filter(jurisdiction="PL").first()
        self.customers = Customer.objects.bulk_create(
            Customer(name=f"Customer {n}", email=f"c{n}@example.com") for n in range(1000)
        )

    def add(self, count):
        from django.db import transaction

        from complaints.models import Complaint
        from deadlines.models import ComplaintClock

        rng = self.random
        while count > 0:
            size = min(CHUNK, count)
            count -= size
            with transaction.atomic():
                complaints = []
                for _ in range(size):
                    self.serial += 1
                    received = self.now - timedelta(seconds=rng.randrange(0, 3 * 86400))
                    complaints.append(
                        Complaint(
                            reference=f"BK-{self.serial:07d}",
                            channel="web_form",
                            received_at=received,
                            customer=rng.choice(self.customers),
                            description="Bench.",
                            requested_remedy="repair",
                            language="pl",
                            stage="verification",
                            owner=self.agent,
                            tracking_token=f"bench-{self.serial}",
                        )
                    )
                Complaint.objects.bulk_create(complaints, batch_size=5000)
                clocks = []
                for complaint in complaints:
                    start = complaint.received_at
                    # Warnings from one to thirty days ahead: nothing due until the bench
                    # moves some into the past.
                    ahead = timedelta(seconds=rng.randrange(86400, 30 * 86400))
                    warn = self.now + ahead
                    clocks.append(
                        ComplaintClock(
                            complaint=complaint,
                            policy=self.policy,
                            sla_started_at=start,
                            first_response_due=start + timedelta(hours=24),
                            first_responded_at=start + timedelta(hours=1),
                            sla_warn_at=warn,
                            resolution_due=warn + timedelta(days=2),
                            legal_rule=self.rule,
                            legal_last_day=(start + timedelta(days=40)).date(),
                            legal_warn_at=start + timedelta(days=30),
                            legal_due=start + timedelta(days=40),
                            next_check_at=warn,
                        )
                    )
                ComplaintClock.objects.bulk_create(clocks, batch_size=5000)


def make_due(ids, now):
    """Move the warning of these clocks just before `now` (what time passing does)."""
    from deadlines.models import ComplaintClock

    past = now - timedelta(minutes=1)
    changed = ComplaintClock.objects.filter(pk__in=ids).update(sla_warn_at=past, next_check_at=past)
    assert changed == len(ids), (changed, len(ids), len(set(ids)))


def run_case(due_count, *, runs, now, pool):
    from django.db import connection

    from deadlines.checker import check_clocks

    timings, queries = [], []
    for _ in range(runs):
        ids = [pool.pop() for _ in range(due_count)]
        make_due(ids, now)
        counted = []

        # A counter rather than CaptureQueriesContext, whose log stops at 9,000 queries.
        def count(execute, *query, counted=counted):
            counted.append(1)
            return execute(*query)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            raised = check_clocks(now=now)
            timings.append((time.perf_counter() - started) * 1000)
        assert raised == due_count, (raised, due_count)
        queries.append(len(counted))
    return {"median": statistics.median(timings), "queries": statistics.median(queries)}


def explain_scan(vendor, now):
    from django.db import connection

    from deadlines.checker import BATCH_SIZE, due_clocks

    scan = due_clocks(now).values_list("pk", flat=True)[:BATCH_SIZE]
    sql, params = scan.query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN " if vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    return "\n".join(f"    {row[-1] if vendor == 'sqlite' else row[0]}" for row in rows)


def main():
    args = parse_args()
    label = prepare_database(args)
    setup_django()

    from django.db import connection

    from deadlines.models import ComplaintClock

    vendor = connection.vendor
    print(f"Database: {label}")
    now = datetime(2026, 11, 24, 10, tzinfo=UTC)
    seeder = Seeder(args.seed, now)
    rng = random.Random(args.seed + 1)
    results = {}
    for size in args.sizes:
        started = time.perf_counter()
        seeder.add(size - ComplaintClock.objects.count())
        seeded = time.perf_counter() - started
        analysed = ""
        if vendor == "postgresql" or args.analyze:
            started = time.perf_counter()
            analyze(vendor)
            analysed = f", ANALYZE {time.perf_counter() - started:.1f} s"
        print(f"Seeded to {size:,} open complaints in {seeded:.1f} s{analysed}", flush=True)
        # Clocks never warned, in random order; each case takes fresh ones.
        ids = list(
            ComplaintClock.objects.filter(sla_warned_for__isnull=True).values_list("pk", flat=True)
        )
        rng.shuffle(ids)
        for due in DUE_COUNTS:
            results[size, due] = run_case(due, runs=args.runs, now=now, pool=ids)
        if args.explain:
            print(f"  The scan at {size:,}:\n{explain_scan(vendor, now)}")

    print()
    header = f"{'complaints':>11} {'due':>6} {'median ms':>10} {'ms per due':>11} {'queries':>8}"
    print(header)
    print("-" * len(header))
    for (size, due), result in results.items():
        per = f"{result['median'] / due:.2f}" if due else "—"
        print(f"{size:>11,} {due:>6} {result['median']:>10.1f} {per:>11} {result['queries']:>8.0f}")

    status = 0
    smallest, largest = args.sizes[0], args.sizes[-1]
    if results[largest, 0]["queries"] != 1:
        print("\nFAIL: a run with nothing due should be one query")
        status = 1
    for due in DUE_COUNTS:
        small, large = results[smallest, due]["median"], results[largest, due]["median"]
        if large > 3 * small + 20:
            print(
                f"\nFAIL: {due} due: {small:.1f} ms at {smallest:,}, {large:.1f} ms at {largest:,}"
            )
            status = 1
    if status == 0:
        print("\nThe time per run follows the number due, not the number of complaints.")
    return status


if __name__ == "__main__":
    sys.exit(main())
