"""`manage.py ingest_email`: one raw message on stdin (a mail server's pipe), or a Maildir/mbox.

Prints one line per message with its outcome. Exits 0 when every message was accounted for
(a quarantined message is accounted for); non-zero only when a message could not be stored
at all — the database is unreachable, say — and then stops, so the mail server keeps (and
retries) what was not taken.
"""

import mailbox
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from mailin.ingest import ingest_message


class Command(BaseCommand):
    help = "Ingest e-mail: one raw RFC 822 message on standard input, or a Maildir or mbox."
    # The system checks query the database; when it is down the command must still say so
    # in its own words (and run fast for every piped message).
    requires_system_checks = []

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--maildir", metavar="DIR", help="Read every message of a Maildir.")
        source.add_argument("--mbox", metavar="FILE", help="Read every message of an mbox file.")
        parser.add_argument(
            "--language", default="pl", help="Language of complaints opened (default: pl)."
        )

    def handle(self, *args, maildir=None, mbox=None, language="pl", **options):
        if maildir:
            path = Path(maildir)
            if not (path / "cur").is_dir() or not (path / "new").is_dir():
                raise CommandError(
                    _("%(path)s is not a Maildir (it needs cur/ and new/ folders).")
                    % {"path": maildir}
                )
            box = mailbox.Maildir(path, factory=None, create=False)
            messages = (box.get_bytes(key) for key in sorted(box.keys()))
        elif mbox:
            path = Path(mbox)
            if not path.is_file():
                raise CommandError(_("There is no mbox file at %(path)s.") % {"path": mbox})
            box = mailbox.mbox(path, factory=None, create=False)
            messages = (box.get_bytes(key) for key in box.keys())  # noqa: SIM118 - keys() reads the file once
        else:
            raw = sys.stdin.buffer.read()
            if not raw.strip():
                raise CommandError(_("Standard input is empty: pipe one raw e-mail message in."))
            messages = iter([raw])
        for raw in messages:
            try:
                outcome = ingest_message(raw, now=timezone.now(), default_language=language)
            except DatabaseError as error:
                raise CommandError(
                    _("The message could not be stored: %(error)s") % {"error": error}
                ) from error
            self.stdout.write(str(outcome))
