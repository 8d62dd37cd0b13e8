"""Attachments are accepted by what their bytes are, never by their name or declared type."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from complaints.models import Attachment

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
