"""Ingesting one incoming e-mail: a new complaint, a reply, a robot to ignore, or quarantine.

Threading, in this order (the first rule that applies decides):

1. The same bytes, or a Message-ID seen before → `duplicate`; nothing changes.
2. A message we sent coming back (our Message-ID, X-Reklamo-Reference, X-Loop), a delivery
   report, an auto-reply or bulk/list mail → `ignored <reason>`, never answered. A delivery
   report about a message we sent marks that e-mail failed on its complaint's timeline.
3. In-Reply-To / References naming a message we sent or received → a reply to that complaint
   (its survivor when it was merged). Exception: a *forward* of our mail by someone other than
   the customer is the forwarder's own matter → a new complaint linked to that one.
4. A reference (RK-YYYY-NNNNNN) in the subject → a reply only when the sender is that
   complaint's customer or an address staff added to it (mailin.senders; the address compared
   case-insensitively); from anyone else a new
   complaint of their own, linked to the referenced one, whose acknowledgment goes to them
   alone and tells them nothing of the other case.
5. Anything else → a new complaint through intake.registration.register_complaint, the door
   every channel uses, acknowledged as usual — at most ACK_LIMIT_PER_HOUR acknowledgments to
   one address per hour (MAILIN_ACK_LIMIT_PER_HOUR): a robot we failed to recognise cannot
   start a mail loop with us; complaints beyond the limit are registered, not acknowledged.

A reply from someone other than the customer (a colleague in copy) lands as an internal
entry: staff read it, the customer's tracking page does not show it.

Whatever raises while parsing or storing rolls back and the raw bytes go to quarantine, so a
message is never lost and never stops the batch; only a database that cannot store even the
quarantine row makes ingest_message raise.
"""

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from complaints.attachments import check_upload, refusal_reason, store_attachment
from complaints.customers import Contact
from complaints.merging import link_from_intake
from complaints.models import Channel, Complaint, Remedy, TimelineEntry
from complaints.timeline import record_event
from intake.registration import DESCRIPTION_MAX_LENGTH, register_complaint
from mailin.models import InboundEmail, QuarantinedEmail
from mailin.parsing import parse_message, trim_reply
from mailin.senders import may_write_in
from notifications.models import OutboundEmail
from workflow.transitions import resume_after_customer_answer

logger = logging.getLogger(__name__)

ACK_LIMIT_PER_HOUR = 3
FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|fw|pd|wg|tr|πρθ|пересл)\s*:", re.IGNORECASE)
AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?reply|out of (the )?office|autosvar|"
    r"odpowiedź automatyczna|автоответ|αυτόματη απάντηση)\b",
    re.IGNORECASE,
)
BOUNCE_SENDERS = ("mailer-daemon@", "postmaster@")


@dataclass(frozen=True)
class Outcome:
    """What became of one message; str() is the line the command prints."""

    kind: str  # created | reply | ignored | duplicate | quarantined
    detail: str
    complaint: Complaint | None = None

    def __str__(self):
        return f"{self.kind} {self.detail}"


def ingest_message(raw, *, now, default_category=None, default_language="pl"):
    """Ingest raw RFC 822 bytes received at `now`; returns an Outcome."""
    raw = bytes(raw)
    digest = hashlib.sha256(raw).hexdigest()
    seen = InboundEmail.objects.filter(sha256=digest).select_related("complaint").first()
    if seen:
        return _duplicate(seen)
    try:
        with transaction.atomic():
            return _ingest(
                raw,
                digest,
                now=now,
                default_category=default_category,
                default_language=default_language,
            )
    except IntegrityError:
        # The same bytes ingested at the same moment by another reader: theirs won.
        seen = InboundEmail.objects.filter(sha256=digest).select_related("complaint").first()
        if seen:
            return _duplicate(seen)
        return _quarantine(raw, digest, error=_describe_error(), now=now)
    except Exception:
        return _quarantine(raw, digest, error=_describe_error(), now=now)


def reprocess_quarantined(quarantined, *, now, default_category=None, default_language="pl"):
    """Try a quarantined message again; it stays listed, with what became of it."""
    digest = quarantined.sha256
    seen = InboundEmail.objects.filter(sha256=digest).select_related("complaint").first()
    if seen:
        outcome = _duplicate(seen)
    else:
        try:
            with transaction.atomic():
                outcome = _ingest(
                    bytes(quarantined.raw),
                    digest,
                    now=now,
                    default_category=default_category,
                    default_language=default_language,
                )
        except Exception:
            error = _describe_error()
            QuarantinedEmail.objects.filter(pk=quarantined.pk).update(
                error=error, reprocessed_at=now, result=""
            )
            return Outcome("quarantined", str(quarantined.pk))
    QuarantinedEmail.objects.filter(pk=quarantined.pk).update(
        reprocessed_at=now, result=str(outcome)[:300]
    )
    return outcome


def _describe_error():
    import sys

    error = sys.exc_info()[1]
    logger.warning("Quarantining an e-mail: %r", error)
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)[:2000]
    return f"{type(error).__name__}: {error}"[:2000]


def _quarantine(raw, digest, *, error, now):
    existing = QuarantinedEmail.objects.filter(sha256=digest, reprocessed_at__isnull=True).first()
    if existing:
        return Outcome("quarantined", str(existing.pk))
    item = QuarantinedEmail.objects.create(sha256=digest, raw=raw, error=error, created_at=now)
    return Outcome("quarantined", str(item.pk))


def _duplicate(seen):
    if seen.complaint_id:
        return Outcome("duplicate", seen.complaint.reference, seen.complaint)
    return Outcome("duplicate", seen.message_id or seen.sha256[:12])


def _ingest(raw, digest, *, now, default_category, default_language):
    parsed = parse_message(raw)

    def store(outcome, complaint=None, reason=""):
        InboundEmail.objects.create(
            message_id=parsed.message_id[:255],
            sha256=digest,
            from_address=parsed.from_address[:320],
            subject=parsed.subject[:500],
            received_at=now,
            complaint=complaint,
            outcome=outcome,
            reason=reason[:300],
            raw=raw,
        )

    if parsed.message_id:
        seen = (
            InboundEmail.objects.filter(message_id=parsed.message_id)
            .select_related("complaint")
            .first()
        )
        if seen:
            return _duplicate(seen)

    if parsed.is_report:
        failed = _record_bounce(parsed, now=now)
        store(InboundEmail.Outcome.IGNORED, complaint=failed, reason="bounce")
        return Outcome("ignored", "bounce")
    reason = robot_reason(parsed)
    if reason:
        store(InboundEmail.Outcome.IGNORED, reason=reason)
        return Outcome("ignored", reason)

    threaded = _complaint_by_headers(parsed.thread_ids())
    if threaded is not None:
        if _is_forward(parsed) and not _from_customer(parsed, threaded):
            return _new_complaint(
                parsed,
                store,
                now=now,
                category=default_category,
                language=default_language,
                related=threaded,
            )
        return _reply(parsed, store, _survivor(threaded), now=now)

    reference = parsed.subject_reference()
    referenced = Complaint.objects.filter(reference=reference).first() if reference else None
    if referenced is not None:
        survivor = _survivor(referenced)
        if _from_customer(parsed, referenced) or _from_customer(parsed, survivor):
            return _reply(parsed, store, survivor, now=now)
        return _new_complaint(
            parsed,
            store,
            now=now,
            category=default_category,
            language=default_language,
            related=survivor,
        )
    return _new_complaint(
        parsed, store, now=now, category=default_category, language=default_language
    )


def robot_reason(parsed):
    """Why a message was written by a machine and must not be answered, or "" for a person."""
    headers = parsed.headers
    our_domain = _our_domain()
    if "x-reklamo-reference" in headers or "x-loop" in headers:
        return "loop"
    if parsed.message_id.lower().endswith("@" + our_domain + ">"):
        return "loop"
    if OutboundEmail.objects.filter(message_id=parsed.message_id).exists():
        return "loop"
    if parsed.from_address == _our_address():
        return "loop"
    if headers.get("return-path", "").strip() == "<>" or parsed.from_address.startswith(
        BOUNCE_SENDERS
    ):
        return "bounce"
    auto_submitted = headers.get("auto-submitted", "").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto-submitted"
    if "x-autoreply" in headers or "x-autorespond" in headers:
        return "auto-reply"
    suppress = headers.get("x-auto-response-suppress", "").lower()
    if any(word in suppress for word in ("all", "oof", "autoreply")):
        return "auto-reply"
    precedence = headers.get("precedence", "").strip().lower()
    if precedence in ("bulk", "junk"):
        return "bulk"
    if precedence == "list" or "list-id" in headers or "list-unsubscribe" in headers:
        return "mailing list"
    if AUTO_REPLY_SUBJECT.match(parsed.subject):
        return "auto-reply"
    return ""


def _our_address():
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()


def _our_domain():
    return _our_address().rsplit("@", 1)[-1] or "reklamo.local"


def _record_bounce(parsed, *, now):
    """A delivery report about our message: that e-mail failed. Returns its complaint or None.

    Only the outbox row and the timeline change; the email_failed signal is not sent, so the
    legal clock's handling of a failed decision (deadlines.answers) is left as it is.
    """
    original = parsed.report.get("original_message_id", "")
    action = parsed.report.get("action", "")
    if not original or action not in ("", "failed"):
        return None
    email = OutboundEmail.objects.select_related("complaint").filter(message_id=original).first()
    if email is None:
        return None
    reason = parsed.report.get("reason") or "bounced"
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.FAILED, last_error=f"Bounce: {reason}"[:2000]
    )
    if email.purpose != OutboundEmail.Purpose.STAFF_ALERT:
        record_event(
            email.complaint,
            TimelineEntry.Kind.MESSAGE_FAILED,
            at=now,
            purpose=email.purpose,
            to=email.to,
            error=reason[:2000],
            bounce=True,
        )
    return email.complaint


def _complaint_by_headers(message_ids):
    """The complaint of the nearest message this one answers, that we sent or received."""
    if not message_ids:
        return None
    sent = dict(
        OutboundEmail.objects.filter(message_id__in=message_ids).values_list(
            "message_id", "complaint_id"
        )
    )
    received = dict(
        InboundEmail.objects.filter(
            message_id__in=message_ids, complaint__isnull=False
        ).values_list("message_id", "complaint_id")
    )
    for message_id in message_ids:
        complaint_id = sent.get(message_id) or received.get(message_id)
        if complaint_id:
            return Complaint.objects.select_related("customer").get(pk=complaint_id)
    return None


def _survivor(complaint):
    """A merged complaint continues in its survivor (merging keeps the chain one step long;
    the loop guards against anything longer)."""
    for _step in range(10):
        if not complaint.merged_into_id:
            return complaint
        complaint = Complaint.objects.select_related("customer").get(pk=complaint.merged_into_id)
    return complaint


def _from_customer(parsed, complaint):
    """From the complaint's customer, or from an address staff added to it."""
    return may_write_in(parsed.from_address, complaint)


def _is_forward(parsed):
    return bool(FORWARD_SUBJECT.match(parsed.subject)) or "x-forwarded-message-id" in parsed.headers


def _accepted_files(parsed):
    """The message's files that pass the form's content checks, and the others as
    {"name", "reason"} (a code of complaints.attachments.REFUSAL_REASONS). A refused file is
    never stored as an attachment; it stays only inside the raw message kept in InboundEmail,
    so a program or an archive holding one is never served by us (DO-3)."""
    accepted, refused = [], []
    for part in parsed.parts:
        upload = SimpleUploadedFile(part.filename, part.data, content_type=part.content_type)
        try:
            checked = check_upload(upload)
        except ValidationError as error:
            reason = refusal_reason(part.filename, part.data, error=error)
            refused.append({"name": part.filename, "reason": reason})
            continue
        if len(accepted) >= settings.ATTACHMENT_MAX_FILES:
            refused.append({"name": part.filename, "reason": "too_many"})
            continue
        accepted.append((upload, checked))
    return accepted, refused


def _refused_note(refused):
    if not refused:
        return ""
    return "files not kept: " + ", ".join(f"{file['name']} ({file['reason']})" for file in refused)


def _reply(parsed, store, complaint, *, now):
    accepted, refused = _accepted_files(parsed)
    stored = [
        store_attachment(complaint, upload, checked, channel=Channel.EMAIL)
        for upload, checked in accepted
    ]
    from_customer = _from_customer(parsed, complaint)
    record_event(
        complaint,
        TimelineEntry.Kind.MESSAGE_RECEIVED,
        at=now,
        is_public=from_customer,
        text=trim_reply(parsed.text)[:DESCRIPTION_MAX_LENGTH],
        channel=Channel.EMAIL,
        sender=parsed.from_address,
        subject=parsed.subject,
        message_id=parsed.message_id[:255],
        attachments=len(stored),
        **({"refused": refused} if refused else {}),
    )
    if from_customer:
        # Waiting for the customer's answer: this is it; back to review (WF-2).
        with translation.override(complaint.language):
            said = _("Thank you for your answer; we are looking at your complaint again.")
        resume_after_customer_answer(complaint, reason=said, now=now)
    store(InboundEmail.Outcome.REPLY, complaint=complaint, reason=_refused_note(refused))
    return Outcome("reply", complaint.reference, complaint)


def _acknowledgments_left(address, *, now):
    limit = getattr(settings, "MAILIN_ACK_LIMIT_PER_HOUR", ACK_LIMIT_PER_HOUR)
    sent = OutboundEmail.objects.filter(
        purpose=OutboundEmail.Purpose.ACKNOWLEDGMENT,
        to__iexact=address,
        created_at__gt=now - timedelta(hours=1),
    ).count()
    return sent < limit


def _new_complaint(parsed, store, *, now, category, language, related=None):
    accepted, refused = _accepted_files(parsed)
    description = trim_reply(parsed.text) or parsed.subject or "(no text)"
    if parsed.subject and parsed.subject not in description:
        description = f"{parsed.subject}\n\n{description}"
    description = description[:DESCRIPTION_MAX_LENGTH]
    name = parsed.from_name or parsed.from_address.split("@", 1)[0]
    acknowledge = _acknowledgments_left(parsed.from_address, now=now)
    complaint = register_complaint(
        channel=Channel.EMAIL,
        contact=Contact(name=name, email=parsed.from_address),
        description=description,
        requested_remedy=Remedy.OTHER,
        language=language,
        received_at=now,
        uploads=[upload for upload, _checked in accepted],
        category=category,
        notify_customer=acknowledge,
        message_id=parsed.message_id,
    )
    if related is not None:
        link_from_intake(complaint, related, now=now)
    if refused:
        # Staff see on the timeline what the customer sent that we did not keep.
        record_event(
            complaint,
            TimelineEntry.Kind.MESSAGE_RECEIVED,
            at=now,
            channel=Channel.EMAIL,
            sender=parsed.from_address,
            subject=parsed.subject,
            attachments=len(accepted),
            refused=refused,
        )
    notes = [_refused_note(refused)] if refused else []
    if not acknowledge:
        notes.append("acknowledgment held back (rate limit)")
    store(InboundEmail.Outcome.CREATED, complaint=complaint, reason="; ".join(notes))
    return Outcome("created", complaint.reference, complaint)
