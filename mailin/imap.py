"""Reading mailboxes over IMAP (IN-4), each on its own and without losing a message.

A message is fetched with BODY.PEEK[] (which leaves it unseen), ingested and committed, and
only then flagged \\Seen. A crash between the commit and the flag leaves it unseen, so the
next poll reads it again, and ingest_message answers `duplicate` (same Message-ID, same
bytes) instead of opening a second complaint; then it is flagged.

Every mailbox is polled inside its own try: a server that is down or refuses the login
records its error on that mailbox and the others are read as usual. A mailbox failing for
longer than FAILING_ALERT_AFTER alerts every active admin on the desk (and by e-mail when
the admin has an address), once per failure episode.
"""

import contextlib
import imaplib
import logging
import ssl
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from mailin.ingest import ingest_message
from mailin.models import Mailbox
from notifications.alerts import alert_staff

logger = logging.getLogger(__name__)

FAILING_ALERT_AFTER = timedelta(minutes=15)
TIMEOUT_SECONDS = 30
BATCH = 200


class MailboxError(Exception):
    pass


def connect(mailbox):
    if mailbox.security == Mailbox.Security.TLS:
        client = imaplib.IMAP4_SSL(
            mailbox.host,
            mailbox.port,
            ssl_context=ssl.create_default_context(),
            timeout=TIMEOUT_SECONDS,
        )
    else:
        client = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)
        if mailbox.security == Mailbox.Security.STARTTLS:
            client.starttls(ssl_context=ssl.create_default_context())
    try:
        client.login(mailbox.username, mailbox.password)
    except imaplib.IMAP4.error as error:
        client.shutdown()
        raise MailboxError(
            _("The server refused the login: %(error)s") % {"error": error}
        ) from None
    return client


def poll_mailbox(mailbox, *, now):
    """Read the unseen messages of one mailbox; returns their outcomes."""
    client = connect(mailbox)
    outcomes = []
    try:
        status, _data = client.select(_quoted(mailbox.folder))
        if status != "OK":
            raise MailboxError(
                _("The folder %(folder)s cannot be opened.") % {"folder": mailbox.folder}
            )
        status, data = client.uid("SEARCH", None, "UNSEEN")
        uids = data[0].split()[:BATCH] if status == "OK" and data and data[0] else []
        for uid in uids:
            status, fetched = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((item[1] for item in fetched or () if isinstance(item, tuple)), None)
            if status != "OK" or raw is None:
                continue
            # Its own transaction(s), committed when this returns; only then flagged.
            outcome = ingest_message(
                raw,
                now=now,
                default_category=mailbox.default_category,
                default_language=mailbox.default_language,
            )
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            outcomes.append(outcome)
        client.close()
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return outcomes


def poll_due_mailboxes(*, now):
    """Poll each active mailbox whose time has come; one failing never stops the others."""
    results = {}
    due = Mailbox.objects.filter(is_active=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    for mailbox in due.select_related("default_category"):
        Mailbox.objects.filter(pk=mailbox.pk).update(
            next_poll_at=now + timedelta(seconds=mailbox.poll_interval)
        )
        try:
            results[mailbox.pk] = poll_mailbox(mailbox, now=now)
        except (OSError, imaplib.IMAP4.error, MailboxError, ssl.SSLError) as error:
            logger.warning("Mailbox %s cannot be read: %s", mailbox, error)
            _record_failure(mailbox, error=error, now=now)
            results[mailbox.pk] = error
        else:
            Mailbox.objects.filter(pk=mailbox.pk).update(
                last_success_at=now, failing_since=None, last_error=""
            )
    return results


def _record_failure(mailbox, *, error, now):
    failing_since = mailbox.failing_since or now
    detail = str(error) or type(error).__name__
    Mailbox.objects.filter(pk=mailbox.pk).update(failing_since=failing_since, last_error=detail)
    if now - failing_since < FAILING_ALERT_AFTER:
        return
    text = _("The mailbox “%(name)s” cannot be read since %(since)s: %(error)s") % {
        "name": mailbox.name,
        "since": failing_since.strftime("%Y-%m-%d %H:%M UTC"),
        "error": detail,
    }
    key = f"mailbox_failing:{mailbox.pk}:{failing_since.isoformat()}"
    for admin in User.objects.filter(role=Role.ADMIN, is_active=True):
        with translation.override(settings.LANGUAGE_CODE):
            alert = alert_staff(admin, kind="mailbox_failing", key=key, text=text, now=now)
        if alert is not None and admin.email:
            # Not through the outbox: its rows belong to a complaint, and this is about none.
            try:
                send_mail(text[:200], text, settings.DEFAULT_FROM_EMAIL, [admin.email])
            except OSError as mail_error:
                logger.warning("Alert e-mail to %s failed: %s", admin.email, mail_error)


def _quoted(folder):
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
