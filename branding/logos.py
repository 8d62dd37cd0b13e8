"""What a logo may be: a PNG or a JPEG, judged by its bytes (DO-3's rule for uploads)."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from complaints.attachments import sniff_content_type

LOGO_TYPES = {"image/png", "image/jpeg"}
LOGO_MAX_BYTES = 2 * 1024 * 1024


def logo_content_type(head):
    content_type = sniff_content_type(head)
    return content_type if content_type in LOGO_TYPES else None


def check_logo(upload):
    """Raise ValidationError unless `upload` is a readable PNG or JPEG of at most 2 MB."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is larger than %(limit)s.") % {"limit": filesizeformat(LOGO_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    if logo_content_type(upload.read(16)) is None:
        raise ValidationError(
            _("The logo must be a PNG or JPEG image (SVG and other files are refused)."),
            code="type",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("The logo looks like an image but cannot be read; it may be damaged."),
            code="damaged",
        ) from None
    upload.seek(0)
