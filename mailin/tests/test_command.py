import io
import mailbox
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from complaints.models import Complaint
from mailin.models import QuarantinedEmail
from mailin.tests import messages


def run(*args, stdin=b""):
    out = io.StringIO()
    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        call_command("ingest_email", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue().splitlines()


def corpus():
    return [
        messages.thunderbird_pl_iso(),
        messages.plain(extra_headers="Precedence: bulk\n", message_id="<bulk@x>"),
        b"From: nobody\nSubject: broken\n\nno sender",
        messages.greek_iso_8859_7(),
        messages.greek_iso_8859_7(),
    ]


def test_one_message_on_stdin(db):
    [line] = run(stdin=messages.outlook_ru_koi8())
    complaint = Complaint.objects.get()
    assert line == f"created {complaint.reference}"
    assert "чайник" in complaint.description


def test_empty_stdin_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Standard input is empty"):
        run(stdin=b"")


def test_maildir(db, tmp_path):
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for raw in corpus():
        box.add(raw)
    lines = run("--maildir", str(tmp_path / "Maildir"))
    assert len(lines) == 5
    kinds = sorted(line.split()[0] for line in lines)
    assert kinds == ["created", "created", "duplicate", "ignored", "quarantined"]
    assert Complaint.objects.count() == 2
    assert QuarantinedEmail.objects.count() == 1


def test_mbox(db, tmp_path):
    box = mailbox.mbox(tmp_path / "mail.mbox", create=True)
    for raw in corpus():
        box.add(raw)
    box.flush()
    lines = run("--mbox", str(tmp_path / "mail.mbox"))
    references = Complaint.objects.order_by("pk").values_list("reference", flat=True)
    quarantined = QuarantinedEmail.objects.get()
    assert lines == [
        f"created {references[0]}",
        "ignored bulk",
        f"quarantined {quarantined.pk}",
        f"created {references[1]}",
        f"duplicate {references[1]}",
    ]


def test_missing_maildir_and_mbox_are_clear_errors(db, tmp_path):
    with pytest.raises(CommandError, match="is not a Maildir"):
        run("--maildir", str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match="There is no mbox file at"):
        run("--mbox", str(tmp_path / "nothing.mbox"))


def test_an_unreachable_database_exits_non_zero(tmp_path):
    """Nothing can be stored, not even in quarantine: the command says so and fails."""
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?connect_timeout=2",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest_email"],
        input=messages.plain(),
        capture_output=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=60,
    )
    assert result.returncode != 0
    assert b"The message could not be stored" in result.stderr
    assert result.stdout == b""
