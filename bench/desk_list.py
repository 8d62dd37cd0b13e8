"""Benchmark the desk list (/desk/) at 1,000 and 100,000 complaints.

    uv run python bench/desk_list.py                       # SQLite in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reklamo_bench \
        uv run python bench/desk_list.py                   # PostgreSQL

It never touches the demo database:

* without DATABASE_URL it sets REKLAMO_VAR_DIR=var/bench before Django starts, so the
  settings put a fresh SQLite file (and secret key) there; the file is recreated every run;
* with DATABASE_URL the database name must end in "_bench". A missing database is created;
  one that already holds tables is refused unless --yes, which drops and recreates it.

Complaints are seeded with bulk_create (customers, complaints with unique RK-YYYY-NNNNNN
references, the ReferenceCounter rows kept in step; a third of them tagged, most with a
category). For each size the page is requested through Django's test Client as a signed-in
agent, as a manager and as a manager who shows every column of the list ("wide"); the table
shows the median and p95 of the timed requests and the SQL query count. The exit status is 1
when a variant's query count differs between sizes (an N+1 somewhere), 2 on a refused
database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

SLOW_MS = 150


def next_board_page(client):
    """The first column's "Show more" link, with the cursor the board hands out."""
    import html
    import re

    page = client.get("/desk/board/").content.decode()
    return html.unescape(re.search(r'hx-get="(/desk/board/columns/[^"]+)"', page)[1])


VARIANTS = [
    ("list", "/desk/"),
    ("page 50", "/desk/?page=50"),
    ("new, by customer", "/desk/?stage=new&sort=customer"),
    ("board", "/desk/board/"),
    ("board column more", next_board_page),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,100000", help="complaint counts to measure, ascending"
    )
    parser.add_argument("--requests", type=int, default=20, help="timed requests per variant")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per variant")
    parser.add_argument(
        "--yes", action="store_true", help="drop and recreate a non-empty *_bench database"
    )
    parser.add_argument(
        "--no-analyze",
        dest="analyze",
        action="store_false",
        help="skip the statistics refresh after seeding that the product's scheduler does "
        "hourly on SQLite (reklamo.database.refresh_query_statistics; PostgreSQL is always "
        "analysed, as autovacuum would do), to see the planner without statistics",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print every query of each variant at the largest size with its time and plan",
    )
    parser.add_argument("--seed", type=int, default=20260302)
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.sizes.split(",")]
    if args.sizes != sorted(args.sizes):
        parser.error("--sizes must be ascending: the seeding only adds complaints")
    return args


# --- The database -------------------------------------------------------------------------


def prepare_database(args):
    """Point the settings at a database of our own; returns a label for the report."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        var_dir = BASE_DIR / "var" / "bench"
        # The static directory only keeps WhiteNoise from warning that it is missing.
        (var_dir / "static").mkdir(parents=True, exist_ok=True)
        os.environ["REKLAMO_VAR_DIR"] = str(var_dir)
        for suffix in ("", "-wal", "-shm", "-journal"):
            (var_dir / f"reklamo.sqlite3{suffix}").unlink(missing_ok=True)
        return f"SQLite {var_dir / 'reklamo.sqlite3'}"

    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench: DATABASE_URL must be PostgreSQL (or unset for SQLite)")
    name = config["NAME"]
    if not name.endswith("_bench"):
        print(
            f"bench: refusing to use database {name!r}: its name must end in '_bench' so "
            f"that no real database is filled with fake complaints.\n"
            f"Try DATABASE_URL={url.rsplit('/', 1)[0]}/reklamo_bench",
            file=sys.stderr,
        )
        sys.exit(2)
    connect = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **connect) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            with psycopg.connect(dbname=name, **connect) as bench:
                tables = bench.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                ).fetchone()[0]
            if tables and not args.yes:
                print(
                    f"bench: database {name!r} is not empty ({tables} tables). Run with "
                    f"--yes to drop and recreate it.",
                    file=sys.stderr,
                )
                sys.exit(2)
            if tables:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = False
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return f"PostgreSQL {parts.hostname}:{parts.port or 5432}/{name}"


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reklamo.settings")
    import django

    django.setup()

    from django.core.management import call_command
    from django.test.utils import override_settings

    # No setup_test_environment(): its instrumented template rendering would add the cost of
    # copying every template context to the timings.
    override_settings(
        ALLOWED_HOSTS=["testserver"],
        DEBUG=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    call_command("migrate", verbosity=0, interactive=False)


# --- Seeding ------------------------------------------------------------------------------

FIRST = [
    "Anna",
    "Piotr",
    "Maria",
    "Jan",
    "Katarzyna",
    "Tomasz",
    "Ewa",
    "Paweł",
    "Agnieszka",
    "Michał",
    "Cecilia",
    "Lukas",
    "Sofia",
    "Mateo",
    "Olga",
    "Noah",
    "Zofia",
    "Adam",
]
LAST = [
    "Nowak",
    "Kowalska",
    "Wiśniewski",
    "Wójcik",
    "Kamińska",
    "Lewandowski",
    "Zieliński",
    "Szymańska",
    "Müller",
    "García",
    "Rossi",
    "Smith",
    "Dubois",
    "Jensen",
    "Novák",
]
PRODUCTS = [
    "Kettle Steel 1.7 l",
    "Toaster Duo",
    "Vacuum X200",
    "Blender Pro 900",
    "Headphones Q3",
    "Phone case M",
    "Running shoes 42",
    "Office chair Ergo",
    "Coffee machine Barista",
    "Washing machine 7 kg",
    "",
]
STAGE_WEIGHTS = {
    "new": 15,
    "verification": 15,
    "decision": 10,
    "resolution": 10,
    "waiting_customer": 5,
    "closed": 35,
    "rejected": 10,
}
CHANNEL_WEIGHTS = {"web_form": 50, "phone": 20, "email": 15, "walk_in": 5, "letter": 5, "api": 5}
REMEDIES = ["repair", "replacement", "refund", "price_reduction", "other"]
PRIORITIES = [10, 20, 20, 20, 30, 40]


class Seeder:
    def __init__(self, seed):
        from accounts.models import Role, User

        self.random = random.Random(seed)
        self.now = datetime.now(UTC)
        self.customer_serial = 0
        self.manager = self._staff(User, "maria", Role.MANAGER)
        self.agent = self._staff(User, "agnes", Role.AGENT)
        # A manager who shows every column of the list (tags prefetched, category joined).
        self.wide = self._staff(User, "walter", Role.MANAGER)
        self.categories = [None, None, *self._categories()]
        self.tags = self._tags()
        others = [self._staff(User, name, Role.AGENT) for name in ("oscar", "olga", "piotr")]
        # Of the measured agent's view: the shared queue plus what the agent owns.
        self.owners = [None] * 35 + [self.agent] * 20 + others * 12 + [self.manager] * 9
        self.customers = []

    @staticmethod
    def _staff(User, username, role):
        user = User(username=username, role=role, first_name=username.title())
        user.set_unusable_password()
        user.save()
        return user

    @staticmethod
    def _categories():
        from complaints.models import Category

        names = ["Small appliances", "Electronics", "Furniture", "Shoes"]
        return Category.objects.bulk_create(Category(name=name) for name in names)

    @staticmethod
    def _tags():
        from complaints.models import Tag

        names = ["courier damage", "vip", "repeat", "social media", "warranty", "b2b"]
        return Tag.objects.bulk_create(Tag(name=name) for name in names)

    def _new_customers(self, count):
        from complaints.models import Customer

        customers = []
        for _ in range(count):
            self.customer_serial += 1
            name = f"{self.random.choice(FIRST)} {self.random.choice(LAST)}"
            customers.append(
                Customer(
                    name=name,
                    email=f"customer{self.customer_serial}@example.com",
                    phone=f"+48{600000000 + self.customer_serial}",
                    language=self.random.choice(["en", "pl", "pl"]),
                )
            )
        return Customer.objects.bulk_create(customers, batch_size=2000)

    def add(self, count):
        """Add `count` complaints, numbering each year's references on from its counter."""
        from django.db import transaction

        from complaints.models import Complaint, ReferenceCounter
        from complaints.references import format_reference

        rng = self.random
        with transaction.atomic():
            self.customers += self._new_customers(max(1, count // 3))
            counters = {c.year: c for c in ReferenceCounter.objects.select_for_update()}
            # Two years of complaints, in arrival order within this batch.
            seconds = sorted(rng.randrange(0, 2 * 365 * 86400) for _ in range(count))
            stages = rng.choices(list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values()), k=count)
            channels = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()), k=count)
            complaints = []
            for index, offset in enumerate(seconds):
                received_at = self.now - timedelta(seconds=2 * 365 * 86400 - offset)
                counter = counters.get(received_at.year)
                if counter is None:
                    counter = counters[received_at.year] = ReferenceCounter(
                        year=received_at.year, last_number=0
                    )
                counter.last_number += 1
                owner = rng.choice(self.owners)
                if stages[index] == "new" and rng.random() < 0.7:
                    owner = None
                complaints.append(
                    Complaint(
                        reference=format_reference(received_at.year, counter.last_number),
                        channel=channels[index],
                        received_at=received_at,
                        customer=rng.choice(self.customers),
                        product=rng.choice(PRODUCTS),
                        order_number=f"ORD-{rng.randrange(10**6):06d}",
                        description="The product stopped working after two weeks of use.",
                        requested_remedy=rng.choice(REMEDIES),
                        language=rng.choice(["en", "pl"]),
                        priority=rng.choice(PRIORITIES),
                        stage=stages[index],
                        category=rng.choice(self.categories),
                        owner=owner,
                        consent_at=received_at,
                    )
                )
            Complaint.objects.bulk_create(complaints, batch_size=2000)
            # About a third of the complaints carry one or two tags.
            Tagged = Complaint.tags.through
            Tagged.objects.bulk_create(
                (
                    Tagged(complaint_id=complaint.pk, tag_id=tag.pk)
                    for complaint in complaints
                    if rng.random() < 0.33
                    for tag in rng.sample(self.tags, rng.choice([1, 1, 2]))
                ),
                batch_size=2000,
            )
            for counter in counters.values():
                counter.save()


def analyze(vendor):
    from django.db import connection

    from reklamo.database import refresh_query_statistics

    if not refresh_query_statistics():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return vendor


def check_consistency():
    """The counters must match the references given out, or the next intake would collide."""
    from django.db.models import Count

    from complaints.models import Complaint, ReferenceCounter

    for counter in ReferenceCounter.objects.all():
        prefix = f"RK-{counter.year}-"
        used = Complaint.objects.filter(reference__startswith=prefix)
        last = used.order_by("-reference").values_list("reference", flat=True).first()
        assert used.count() == counter.last_number, (counter, used.count())
        assert last == f"{prefix}{counter.last_number:06d}", (counter, last)
    duplicates = (
        Complaint.objects.values("reference").annotate(n=Count("pk")).filter(n__gt=1).exists()
    )
    assert not duplicates


# --- Measuring ----------------------------------------------------------------------------


def measure(client, path, *, requests, warmup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {
        "median": statistics.median(timings),
        "p95": p95,
        "queries": len(captured.captured_queries),
        "captured": captured.captured_queries,
    }


def explain(vendor, sql):
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        rows = cursor.fetchall()
    if vendor == "sqlite":
        return "\n".join(f"      {row[-1]}" for row in rows)
    return "\n".join(f"      {row[0]}" for row in rows)


def print_queries(vendor, label, result):
    print(f"\n  {label}:")
    for query in result["captured"]:
        sql = query["sql"]
        shown = sql if len(sql) <= 160 else sql[:160] + "…"
        print(f"    {float(query['time']) * 1000:7.1f} ms  {shown}")
        if sql.lstrip().upper().startswith("SELECT") and "django_session" not in sql:
            print(explain(vendor, sql))


def main():
    args = parse_args()
    label = prepare_database(args)
    setup_django()

    from django.db import connection
    from django.test import Client

    vendor = connection.vendor
    print(f"Database: {label}")
    seeder = Seeder(args.seed)
    clients = {}
    from desk.columns import CHOOSABLE, choose_list_columns

    choose_list_columns(seeder.wide, keys=CHOOSABLE)
    for role, user in (
        ("agent", seeder.agent),
        ("manager", seeder.manager),
        ("wide", seeder.wide),
    ):
        clients[role] = Client()
        clients[role].force_login(user)

    from complaints.models import Complaint

    results = {}
    for size in args.sizes:
        started = time.perf_counter()
        seeder.add(size - Complaint.objects.count())
        seeded = time.perf_counter() - started
        analysed = ""
        if vendor == "postgresql" or args.analyze:
            started = time.perf_counter()
            analyze(vendor)
            analysed = f", ANALYZE {time.perf_counter() - started:.1f} s"
        check_consistency()
        print(f"Seeded to {size:,} complaints in {seeded:.1f} s{analysed}", flush=True)
        for role, client in clients.items():
            for name, path in VARIANTS:
                url = path(client) if callable(path) else path
                results[size, role, name] = measure(
                    client, url, requests=args.requests, warmup=args.warmup
                )

    print()
    header = (
        f"{'size':>8}  {'user':<8} {'variant':<18} {'median ms':>10} {'p95 ms':>8} {'queries':>8}"
    )
    print(header)
    print("-" * len(header))
    for (size, role, name), result in results.items():
        flag = "  slow" if result["median"] > SLOW_MS else ""
        print(
            f"{size:>8,}  {role:<8} {name:<18} {result['median']:>10.1f} "
            f"{result['p95']:>8.1f} {result['queries']:>8}{flag}"
        )

    largest = args.sizes[-1]
    if args.explain:
        print(f"\nQueries at {largest:,} complaints (time as run in the page, then the plan):")
        for (size, role, name), result in results.items():
            if size == largest:
                print_queries(vendor, f"{role} / {name}", result)

    status = 0
    for role in clients:
        for name, _path in VARIANTS:
            counts = {size: results[size, role, name]["queries"] for size in args.sizes}
            if len(set(counts.values())) > 1:
                print(f"\nFAIL: {role} / {name}: query count changes with size: {counts}")
                status = 1
    slow = [
        key for key, result in results.items() if key[0] == largest and result["median"] > SLOW_MS
    ]
    if slow:
        print(
            f"\nSlower than {SLOW_MS} ms at {largest:,}: "
            + ", ".join(f"{role} / {name}" for _, role, name in slow)
            + " (run with --explain for the plans)"
        )
    if status == 0:
        print("\nQuery counts are the same at every size.")
    return status


if __name__ == "__main__":
    sys.exit(main())
