"""Benchmark documents (DO-1): make 1,000 decision letters and report documents per second.

    uv run python bench/documents.py                       # SQLite in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reklamo_docs_bench \
        uv run python bench/documents.py --yes             # PostgreSQL

Same database conventions as desk_list.py (a fresh SQLite file under var/bench/, or a
PostgreSQL database whose name ends in "_bench"); the PDFs go to a temporary folder. The
complaints are seeded with desk_list's Seeder, each with a decision (bulk_create). Two
figures:

* "compile": documents.generation.render_document only (the placeholder values read from the
  database, the letterhead, Typst compiling the PDF in memory);
* "generate": documents.generation.generate_document, what the worker does per letter: the
  above, plus the row lock, the version number, the file written to storage, the Document
  row and its timeline entry, in one transaction.

Half the letters are Polish, half English (the seeder's mix). Besides wall-clock figures it
prints this process's CPU time per letter, which a busy machine does not inflate (Typst may
use more than one thread). The exit status is 1 if a letter is missing or its text does not
read back (pypdf).
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

from desk_list import Seeder, prepare_database, setup_django  # noqa: E402


def decide_all(complaints, *, by, now):
    from workflow.models import Decision

    Decision.objects.bulk_create(
        [
            Decision(
                complaint=complaint,
                outcome="partial",
                justification="The lid's hinge is a manufacturing fault; the kettle still boils.",
                remedy="price_reduction",
                amount="120.50",
                currency="PLN",
                decided_by=by,
                decided_at=now,
            )
            for complaint in complaints
        ],
        batch_size=500,
    )


def timed(label, complaints, make):
    durations = []
    cpu = time.process_time()
    started = time.perf_counter()
    for complaint in complaints:
        one = time.perf_counter()
        make(complaint)
        durations.append(time.perf_counter() - one)
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu
    durations.sort()
    p95 = durations[int(len(durations) * 0.95) - 1]
    print(
        f"{label:<9} {len(complaints):>6,} letters in {total:6.2f} s  "
        f"{len(complaints) / total:7.1f} documents/s  "
        f"median {statistics.median(durations) * 1000:5.1f} ms  p95 {p95 * 1000:5.1f} ms  "
        f"CPU {cpu / len(complaints) * 1000:5.1f} ms/letter",
        flush=True,
    )
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--yes", action="store_true", help="recreate a non-empty *_bench database")
    parser.add_argument("--seed", type=int, default=20260302)
    args = parser.parse_args()
    label = prepare_database(args)
    setup_django()

    from django.test.utils import override_settings
    from django.utils import timezone
    from pypdf import PdfReader

    from complaints.models import Complaint
    from documents.generation import generate_document, render_document
    from documents.models import Document, Kind

    media = tempfile.TemporaryDirectory(prefix="reklamo-bench-documents-")
    override_settings(MEDIA_ROOT=media.name).enable()
    seeder = Seeder(args.seed)
    seeder.add(args.letters)
    now = timezone.now()
    complaints = list(
        Complaint.objects.select_related("customer", "owner").order_by("pk")[: args.letters]
    )
    decide_all(complaints, by=seeder.manager, now=now)
    print(f"Database: {label}; {len(complaints):,} decided complaints seeded", flush=True)

    # The first compile loads Typst's fonts; a worker pays that once per process.
    render_document(complaints[0], Kind.DECISION, language=complaints[0].language, now=now)
    timed(
        "compile",
        complaints,
        lambda c: render_document(c, Kind.DECISION, language=c.language, now=now),
    )
    timed(
        "generate",
        complaints,
        lambda c: generate_document(c, Kind.DECISION, by=seeder.manager, now=now),
    )

    made = Document.objects.filter(kind=Kind.DECISION).count()
    sample = Document.objects.filter(kind=Kind.DECISION, language="pl").first()
    with sample.file.open("rb") as stored:
        text = PdfReader(io.BytesIO(stored.read())).pages[0].extract_text()
    size = sum(d.size for d in Document.objects.only("size")) / max(made, 1)
    print(f"{made:,} letters stored, {size / 1024:.0f} KiB each on average", flush=True)
    media.cleanup()
    if made != len(complaints) or "Decyzja w sprawie reklamacji" not in text:
        print("bench: a letter is missing or does not read back", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
