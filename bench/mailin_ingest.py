"""Benchmark e-mail intake: 1,000 messages from a Maildir through ingest_message (IN-4).

    uv run python bench/mailin_ingest.py                   # SQLite in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reklamo_bench \
        uv run python bench/mailin_ingest.py --yes         # PostgreSQL

Same database conventions as desk_list.py (a fresh SQLite file under var/bench/, or a
PostgreSQL database whose name ends in "_bench"). The Maildir holds a realistic mix: 70%
new complaints from 300 senders (so the acknowledgment rate limit is hit now and then),
20% replies threaded by In-Reply-To to a message received earlier, 10% robots (auto-replies,
bulk, list mail). Each message is read from the Maildir and ingested as the command does;
it prints messages per second and the outcome counts.
"""

import argparse
import mailbox
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

from desk_list import prepare_database, setup_django  # noqa: E402


def build_maildir(path, count):
    box = mailbox.Maildir(path, create=True)
    for number in range(count):
        sender = f"customer{number % 300}@example.pl"
        headers = ""
        subject = f"Zepsuty czajnik nr {number}"
        kind = number % 10
        if kind in (1, 4) and number > 10:
            headers = f"In-Reply-To: <m{number - 3}@example.pl>\n"
            subject = "Re: " + subject
        elif kind == 7:
            headers = ("Auto-Submitted: auto-replied\n", "Precedence: bulk\n", "List-Id: <l>\n")[
                number % 3
            ]
        raw = (
            f"From: Klient {number} <{sender}>\nTo: reklamacje@sklep.example\n"
            f"Subject: {subject}\nMessage-ID: <m{number}@example.pl>\n{headers}"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: 8bit\n\n"
            f"Dzień dobry, czajnik nr {number} przecieka.\n\nW dniu wczoraj Sklep pisze:\n> stare\n"
        ).encode()
        box.add(raw)
    return box


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--yes", action="store_true", help="recreate a non-empty *_bench database")
    args = parser.parse_args()
    label = prepare_database(args)
    setup_django()

    from mailin.ingest import ingest_message

    with tempfile.TemporaryDirectory() as tmp:
        box = build_maildir(Path(tmp) / "Maildir", args.messages)
        keys = sorted(box.keys())
        start_at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
        outcomes = Counter()
        started = time.perf_counter()
        for index, key in enumerate(keys):
            outcome = ingest_message(
                box.get_bytes(key), now=start_at + timedelta(seconds=index), default_language="pl"
            )
            outcomes[outcome.kind] += 1
        elapsed = time.perf_counter() - started
    print(
        f"{label}: {args.messages} messages in {elapsed:.1f} s = "
        f"{args.messages / elapsed:.0f} messages/s; {dict(sorted(outcomes.items()))}"
    )


if __name__ == "__main__":
    main()
