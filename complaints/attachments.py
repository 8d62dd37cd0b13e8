"""Attachments are accepted by what their bytes are, never by their name or declared type."""

import io
import posixpath
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from complaints.models import Attachment, AttachmentRole, TimelineEntry
from complaints.timeline import record_event

register_heif_opener()

HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
THUMBNAIL_SIZE = (320, 320)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int


def sniff_content_type(head):
    """The type the first bytes of a file announce, among the ones we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check_upload(upload):
    """Check one uploaded file; raise ValidationError naming the file if we refuse it."""
    name = upload.name
    size = upload.size
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(64)
    content_type = sniff_content_type(head)
    refused = ValidationError(
        _("“%(name)s” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF document.") % {"name": name},
        code="type",
    )
    if content_type is None:
        raise refused
    if content_type.startswith("image/"):
        upload.seek(0)
        try:
            with Image.open(upload) as image:
                image.verify()
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
        ):
            raise ValidationError(
                _("“%(name)s” looks like a photo but cannot be read; it may be damaged.")
                % {"name": name},
                code="damaged",
            ) from None
    else:
        upload.seek(max(0, size - 2048))
        if b"%%EOF" not in upload.read():
            raise ValidationError(
                _("“%(name)s” is not a complete PDF document.") % {"name": name},
                code="damaged",
            )
    upload.seek(0)
    return CheckedFile(content_type=content_type, size=size)


def check_uploads(uploads):
    """Check a set of files from one submission: the count, then each file."""
    if len(uploads) > settings.ATTACHMENT_MAX_FILES:
        raise ValidationError(
            ngettext(
                "Attach at most %(limit)d file.",
                "Attach at most %(limit)d files.",
                settings.ATTACHMENT_MAX_FILES,
            )
            % {"limit": settings.ATTACHMENT_MAX_FILES},
            code="too_many",
        )
    errors = []
    checked = []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return checked


def make_thumbnail(upload):
    """A small JPEG of an image, turned upright; None when it cannot be made."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, "JPEG", quality=80)
    except (OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return ContentFile(buffer.getvalue())


def store_attachment(complaint, upload, checked, *, channel, uploaded_by=None):
    """Save a checked file under a random name and attach it to `complaint`."""
    attachment = Attachment(
        complaint=complaint,
        original_name=upload.name[-255:],
        content_type=checked.content_type,
        size=checked.size,
        channel=channel,
        uploaded_by=uploaded_by,
    )
    attachment.file.save("upload", upload, save=False)
    if checked.content_type.startswith("image/"):
        thumbnail = make_thumbnail(upload)
        if thumbnail is not None:
            attachment.thumbnail.save("thumbnail", thumbnail, save=False)
    attachment.save()
    return attachment


def delete_stored_files(attachments):
    """Remove files of attachments whose database rows were rolled back."""
    for attachment in attachments:
        for field in (attachment.file, attachment.thumbnail):
            if field:
                field.storage.delete(field.name)


# Why a file that came in (by e-mail) was not kept, by the code stored on the timeline.
REFUSAL_REASONS = {
    "executable": gettext_lazy("a program or script"),
    "archive_executable": gettext_lazy("an archive holding a program"),
    "archive": gettext_lazy("an archive or Office document"),
    "active": gettext_lazy("a web page or drawing that can run scripts"),
    "type": gettext_lazy("not a photo or a PDF"),
    "empty": gettext_lazy("empty"),
    "too_large": gettext_lazy("too large"),
    "damaged": gettext_lazy("damaged"),
    "too_many": gettext_lazy("too many files"),
}
EXECUTABLE_EXTENSIONS = frozenset(
    [
        ".exe",
        ".com",
        ".bat",
        ".cmd",
        ".scr",
        ".pif",
        ".msi",
        ".msp",
        ".dll",
        ".cpl",
        ".jar",
        ".js",
        ".jse",
        ".vbs",
        ".vbe",
        ".wsf",
        ".wsh",
        ".hta",
        ".ps1",
        ".psm1",
        ".sh",
        ".bash",
        ".app",
        ".apk",
        ".dmg",
        ".pkg",
        ".deb",
        ".rpm",
        ".lnk",
        ".reg",
        ".scf",
        ".iso",
        ".img",
        ".vhd",
        ".py",
        ".pl",
        ".elf",
        ".bin",
        ".run",
        ".appimage",
        ".xll",
        ".docm",
        ".xlsm",
        ".pptm",
    ]
)
ACTIVE_EXTENSIONS = frozenset(
    [".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".mht", ".mhtml"]
)
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows programs and libraries
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O, both byte orders, 32 and 64 bit, and universal
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"Rar!",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"MSCF",
    b"\xd0\xcf\x11\xe0",  # OLE2: old Office files, MSI installers
)
ACTIVE_MARKERS = (b"<svg", b"<html", b"<!doctype html", b"<script", b"<?xml", b"<body", b"<iframe")


def refusal_reason(name, data, *, error=None):
    """Why a file is not kept, as a code of REFUSAL_REASONS: what it is (a program, an archive
    holding one, active web content) before what check_upload said. Nothing is unpacked."""
    extension = posixpath.splitext(name.lower())[1]
    head = data[:1024]
    if head.startswith(EXECUTABLE_MAGIC) or extension in EXECUTABLE_EXTENSIONS:
        return "executable"
    if head.startswith(ARCHIVE_MAGIC) or head[257:262] == b"ustar":
        return "archive_executable" if _holds_program(data) else "archive"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if extension in ACTIVE_EXTENSIONS or any(marker in lowered for marker in ACTIVE_MARKERS):
        return "active"
    code = getattr(error, "code", None)
    return code if code in REFUSAL_REASONS else "type"


def _holds_program(data):
    """Whether a ZIP names a program (or another archive, which may hide one) inside."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    for inner in names:
        extension = posixpath.splitext(inner.lower())[1]
        if extension in EXECUTABLE_EXTENSIONS or extension in {".zip", ".rar", ".7z", ".cab"}:
            return True
    return False


def refuse_outside_team(by):
    if not by.in_complaint_team:
        raise PermissionDenied(_("Only the complaint team adds or changes attachments."))


def add_staff_attachments(complaint, uploads, *, role, is_internal, by, now):
    """Attach files a member of staff uploaded on the desk, all or none, with the form's
    checks (check_uploads) and one internal timeline entry. Files written before a failure
    are removed again."""
    refuse_outside_team(by)
    if role not in AttachmentRole.values:
        raise ValidationError({"role": _("Choose what the file shows from the list.")})
    if not uploads:
        raise ValidationError({"files": _("Choose at least one file.")})
    checked = check_uploads(list(uploads))
    stored = []
    try:
        with transaction.atomic():
            for upload, check in zip(uploads, checked, strict=True):
                attachment = store_attachment(
                    complaint, upload, check, channel=complaint.channel, uploaded_by=by
                )
                attachment.role = role
                attachment.is_internal = is_internal
                attachment.save(update_fields=["role", "is_internal"])
                stored.append(attachment)
            record_event(
                complaint,
                TimelineEntry.Kind.ATTRIBUTES,
                at=now,
                actor=by,
                files_added=[
                    {"name": attachment.original_name, "role": role, "internal": is_internal}
                    for attachment in stored
                ],
            )
    except BaseException:
        delete_stored_files(stored)
        raise
    return stored


def set_attachment_details(attachment, *, role, is_internal, by, now):
    """Change what a file shows and whether only staff see it; an internal timeline entry
    records the change. Locks the attachment's row. Returns whether anything changed."""
    refuse_outside_team(by)
    if role not in AttachmentRole.values:
        raise ValidationError({"role": _("Choose what the file shows from the list.")})
    with transaction.atomic():
        locked = Attachment.objects.select_for_update().get(pk=attachment.pk)
        changes = []
        if locked.role != role:
            changes.append(
                {
                    "label": _("Shows"),
                    "before": str(AttachmentRole(locked.role).label),
                    "after": str(AttachmentRole(role).label),
                }
            )
        if locked.is_internal != is_internal:
            changes.append(
                {
                    "label": _("Staff only"),
                    "before": _("yes") if locked.is_internal else _("no"),
                    "after": _("yes") if is_internal else _("no"),
                }
            )
        if not changes:
            return False
        locked.role = role
        locked.is_internal = is_internal
        locked.save(update_fields=["role", "is_internal"])
        record_event(
            locked.complaint,
            TimelineEntry.Kind.ATTRIBUTES,
            at=now,
            actor=by,
            attachment=locked.original_name,
            changes=changes,
        )
    attachment.role, attachment.is_internal = role, is_internal
    return True
