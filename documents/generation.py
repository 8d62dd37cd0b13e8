"""Making documents (DO-1): fill a kind's template for a complaint, compile it, keep it as
the kind's next version with a timeline entry. A template that cannot be made into a PDF
never stops what asked for the document: the failure is an internal timeline entry and an
alert to the admins."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from branding.models import Branding
from complaints.models import AttachmentRole, Complaint, CustomerType, TimelineEntry
from complaints.timeline import record_event
from documents.defaults import (
    LABELS,
    OUTCOMES,
    REMEDIES,
    RIGHTS,
    shipped_template,
    words,
)
from documents.models import Document, DocumentTemplate, Kind
from documents.rendering import DocumentError, Image, Letterhead, Page, render_pdf

logger = logging.getLogger(__name__)

# TimelineEntry.kind of documents made and of documents that failed (data["error"]).
TIMELINE_KIND = TimelineEntry.Kind.DOCUMENT
# Photos printed on a protocol: images Typst reads as they are; others (HEIC) by thumbnail.
PRINTABLE = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif"}
MAX_PHOTOS = 9


def template_texts(kind, language):
    """(title, body) of `kind` in `language`: the admins' template, else English, else the
    shipped text."""
    rows = {
        row.language: row
        for row in DocumentTemplate.objects.filter(kind=kind, language__in=[language, "en"])
    }
    row = rows.get(language) or rows.get("en")
    if row is not None:
        return row.title, row.body
    return shipped_template(kind, language)


def _date(value, language):
    if value is None:
        return "—"
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def _money(value, currency, language):
    if value is None:
        return "—"
    with translation.override(language):
        number = formats.number_format(value, 2, use_l10n=True)
    return f"{number} {currency}".strip()


def rights_text(customer_type, language):
    """The note on the customer's rights for a consumer or a business, in `language`."""
    from deadlines.models import LegalProfile

    key = "business" if customer_type == CustomerType.BUSINESS else "consumer"
    text = words(RIGHTS[key], language)
    if key == "consumer" and LegalProfile.current().financial_market_entity:
        text += words(RIGHTS["financial"], language)
    return text


def complaint_values(complaint, *, language, now, branding=None):
    """The placeholder values for `complaint`, as plain text in `language`."""
    from notifications.acknowledgments import tracking_url
    from workflow.models import Decision

    decision = Decision.objects.filter(complaint=complaint).order_by("-decided_at", "-pk").first()
    question = (
        complaint.timeline.filter(kind=TimelineEntry.Kind.QUESTION)
        .order_by("-created_at", "-pk")
        .values_list("text", flat=True)
        .first()
    )
    labels = words(LABELS, language)
    owner = complaint.owner
    with translation.override(language):
        requested = str(complaint.get_requested_remedy_display())
    remedies = words(REMEDIES, language)
    return {
        "customer_name": complaint.customer.name,
        "reference": complaint.reference,
        "product": complaint.product or "—",
        "order_number": complaint.order_number or "—",
        "received_date": _date(complaint.received_at, language),
        "description": complaint.description,
        "requested_remedy": remedies.get(complaint.requested_remedy, requested),
        "question": question or "—",
        "decision_outcome": words(OUTCOMES, language).get(decision.outcome, "")
        if decision
        else "—",
        "remedy": _remedy_text(decision, remedies, labels) if decision else "—",
        "amount": _amount_text(decision, remedies, language) if decision else "—",
        "compensation": _money(decision.compensation, decision.currency, language)
        if decision
        else "—",
        "justification": decision.justification if decision else "—",
        "rights": rights_text(complaint.customer.customer_type, language),
        "company_name": (branding or Branding.current()).company_name,
        "agent_name": (owner.get_full_name() or owner.username) if owner else labels["nobody"],
        "date": _date(now, language),
        "tracking_url": tracking_url(complaint),
    }


def _remedy_text(decision, remedies, labels):
    """The decision's remedy; or, where the customer chooses, the remedies offered."""
    if decision.offered_remedies:
        offered = " / ".join(remedies.get(value, value) for value in decision.offered_remedies)
        return f"{offered} ({labels['your_choice']})"
    return remedies.get(decision.remedy, decision.remedy) if decision.remedy else "—"


def _amount_text(decision, remedies, language):
    """The amount, naming the remedy it belongs to when that is an offered one."""
    money = _money(decision.amount, decision.currency, language)
    belongs_to = decision.amount_remedy
    if decision.amount is not None and belongs_to and belongs_to != decision.remedy:
        return f"{money} ({remedies.get(belongs_to, belongs_to)})"
    return money


def letterhead(branding=None):
    """The company's letterhead from the branding (PO-3)."""
    branding = branding or Branding.current()
    lines = [
        *branding.address.splitlines(),
        branding.contact_email,
        branding.contact_phone,
        branding.website,
    ]
    logo = None
    if branding.logo:
        try:
            with branding.logo.open("rb") as stored:
                data = stored.read()
            suffix = ".png" if data.startswith(b"\x89PNG") else ".jpg"
            logo = Image(name=f"logo{suffix}", data=data)
        except OSError:
            logger.warning("The branding logo %s cannot be read", branding.logo.name)
    return Letterhead(
        company_name=branding.company_name,
        lines="\n".join(line.strip() for line in lines if line and line.strip()),
        footer=branding.footer_text.replace("\n", " ").strip() or branding.company_name,
        accent=branding.accent_colour,
        logo=logo,
    )


def protocol_photos(complaint, role):
    """The customer-visible photos of `role` ("before"/"after") as images Typst prints.

    "Before" also takes the photos the customer sent that nobody labelled: what a customer
    photographs when complaining is the defect.
    """
    images = []
    shows = Q(role=role)
    if role == AttachmentRole.BEFORE:
        shows |= Q(role=AttachmentRole.UNSPECIFIED, uploaded_by__isnull=True)
    attachments = complaint.attachments.filter(
        shows, is_internal=False, content_type__startswith="image/"
    )
    for attachment in attachments[:MAX_PHOTOS]:
        if attachment.content_type in PRINTABLE:
            stored, suffix = attachment.file, PRINTABLE[attachment.content_type]
        elif attachment.thumbnail:
            stored, suffix = attachment.thumbnail, ".jpg"
        else:
            continue
        try:
            with stored.open("rb") as file:
                data = file.read()
        except OSError:
            logger.warning("Attachment %s cannot be read for a protocol", attachment.pk)
            continue
        images.append(Image(name=f"{role}-{attachment.pk}{suffix}", data=data))
    return images


def build_page(kind, *, language, values, title, body, complaint=None, branding=None):
    labels = words(LABELS, language)
    page = Page(
        title=title,
        body=body,
        values=values,
        labels=labels,
        language=language,
        letterhead=letterhead(branding),
        recipient=values.get("customer_name", ""),
        date_line=values.get("date", ""),
        reference=values.get("reference", ""),
        protocol=kind == Kind.PROTOCOL,
    )
    if page.protocol and complaint is not None:
        page.before = protocol_photos(complaint, "before")
        page.after = protocol_photos(complaint, "after")
    return page


def render_document(complaint, kind, *, language, now):
    """The PDF bytes of `kind` for `complaint`; DocumentError when the template fails."""
    title, body = template_texts(kind, language)
    branding = Branding.current()
    values = complaint_values(complaint, language=language, now=now, branding=branding)
    page = build_page(
        kind,
        language=language,
        values=values,
        title=title,
        body=body,
        complaint=complaint,
        branding=branding,
    )
    return render_pdf(page, timestamp=now)


def generate_document(complaint, kind, *, by, now, step=""):
    """Make `kind` for `complaint` as its next version, in the complaint's language.

    Compiles outside the transaction, then locks the complaint's row to number the version
    and writes the timeline entry (public for a customer-facing kind). With a `step`, a
    document that step made already is returned instead of a second one. Raises
    DocumentError when the template cannot be made into a PDF, storing nothing.
    """
    language = complaint.language
    pdf = render_document(complaint, kind, language=language, now=now)
    stored = None
    try:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
            if step:
                existing = Document.objects.filter(complaint=locked, kind=kind, step=step).first()
                if existing is not None:
                    return existing
            latest = Document.objects.filter(complaint=locked, kind=kind).aggregate(Max("version"))[
                "version__max"
            ]
            document = Document(
                complaint=locked,
                kind=kind,
                language=language,
                version=(latest or 0) + 1,
                size=len(pdf),
                created_at=now,
                created_by=by,
                step=step,
            )
            document.file.save("document.pdf", ContentFile(pdf), save=False)
            stored = document.file.name
            document.save()
            record_event(
                locked,
                TIMELINE_KIND,
                at=now,
                actor=by,
                is_public=document.is_customer_facing,
                document_id=document.pk,
                document_kind=kind,
                version=document.version,
                filename=document.filename,
            )
    except BaseException:
        if stored:
            document.file.storage.delete(stored)
        raise
    return document


def make_step_document(complaint, kind, *, step, now):
    """The document `kind` of an automatic `step`, made now unless made already; None when
    its template fails (recorded and alerted, see report_failure) and for a decision letter
    when nothing was decided."""
    existing = Document.objects.filter(complaint=complaint, kind=kind, step=step).first()
    if existing is not None:
        return existing
    if kind == Kind.DECISION and not complaint.decisions.exists():
        # Rejected by a move with a reason, not by a decision: there is nothing to write
        # about yet (staff can still make one on the complaint page).
        return None
    try:
        return generate_document(complaint, kind, by=None, now=now, step=step)
    except DocumentError as error:
        report_failure(complaint, kind, error=str(error), step=step, now=now)
        return None


def report_failure(complaint, kind, *, error, step, now):
    """An internal timeline entry and an alert to every admin: the template of `kind` failed.
    Once per complaint, kind and step."""
    from notifications.alerts import alert_staff

    label = Kind(kind).label if kind in Kind.values else kind
    with transaction.atomic():
        failed_before = complaint.timeline.filter(
            kind=TIMELINE_KIND, data__document_kind=kind, data__step=step, data__failed=True
        ).exists()
        if not failed_before:
            record_event(
                complaint,
                TIMELINE_KIND,
                at=now,
                failed=True,
                document_kind=kind,
                step=step,
                error=error,
            )
        for admin in User.objects.filter(role=Role.ADMIN, is_active=True):
            with translation.override(settings.LANGUAGE_CODE):
                text = _("%(kind)s for %(reference)s could not be made: %(error)s") % {
                    "kind": label,
                    "reference": complaint.reference,
                    "error": error,
                }
            alert_staff(
                admin,
                kind="document_failed",
                key=f"document_failed:{complaint.pk}:{kind}:{step}",
                text=text,
                now=now,
                complaint=complaint,
            )


def step_key(stage_key, at):
    """The name of an automatic step: entering `stage_key` at `at`."""
    return f"{stage_key}@{at.isoformat()}"[:100]


def make_stage_documents(complaint, stage, *, at, now):
    """The documents `stage` lists, for `complaint` entering it at `at` (each once)."""
    made = []
    for kind in stage.documents or []:
        if kind not in Kind.values:
            logger.warning("Stage %s lists an unknown document kind %r", stage.pk, kind)
            continue
        document = make_step_document(complaint, kind, step=step_key(stage.key, at), now=now)
        if document is not None:
            made.append(document)
    return made
