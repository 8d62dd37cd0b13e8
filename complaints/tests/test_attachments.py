import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from complaints.attachments import check_upload, check_uploads, sniff_content_type
from conftest import MINIMAL_PDF, jpeg_bytes, png_bytes


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def webp_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 200, 10)).save(buffer, "WEBP")
    return buffer.getvalue()


def heic_bytes():
    from pillow_heif import from_pillow

    buffer = io.BytesIO()
    from_pillow(Image.new("RGB", (64, 64), (90, 10, 200))).save(buffer, quality=60)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (jpeg_bytes(), "image/jpeg"),
        (png_bytes(), "image/png"),
        (webp_bytes(), "image/webp"),
        (heic_bytes(), "image/heic"),
        (MINIMAL_PDF, "application/pdf"),
    ],
)
def test_accepted_types_are_recognised_by_their_bytes(content, expected):
    # The name and declared type lie on purpose: only the bytes count.
    checked = check_upload(upload("whatever.txt", content, "text/plain"))

    assert checked.content_type == expected
    assert checked.size == len(content)


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100,  # a Windows executable
        b"\x7fELF\x02\x01\x01" + b"\x00" * 100,
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"PK\x03\x04" + b"\x00" * 100,  # a zip archive
    ],
)
def test_anything_else_is_refused_naming_the_file(content):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload("holiday-photo.jpg", content, "image/jpeg"))

    assert "holiday-photo.jpg" in caught.value.messages[0]
    assert caught.value.code == "type"


def test_a_truncated_photo_is_refused_as_damaged():
    content = jpeg_bytes(size=(400, 300))[:200]

    with pytest.raises(ValidationError) as caught:
        check_upload(upload("cut.jpg", content))

    assert caught.value.code == "damaged"


def test_a_pdf_without_its_end_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_upload(upload("half.pdf", b"%PDF-1.7\n" + b"0" * 5000))

    assert caught.value.code == "damaged"


def test_size_limit_is_configurable(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000

    with pytest.raises(ValidationError) as caught:
        check_upload(upload("big.jpg", jpeg_bytes(size=(800, 800), color=(1, 2, 3)) + b"x" * 2000))

    assert caught.value.code == "too_large"
    assert "big.jpg" in caught.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_upload(upload("empty.pdf", b""))

    assert caught.value.code == "empty"


def test_too_many_files_are_refused(settings):
    settings.ATTACHMENT_MAX_FILES = 2

    with pytest.raises(ValidationError) as caught:
        check_uploads([upload(f"{n}.pdf", MINIMAL_PDF) for n in range(3)])

    assert caught.value.code == "too_many"


def test_every_refused_file_is_named():
    with pytest.raises(ValidationError) as caught:
        check_uploads(
            [
                upload("good.pdf", MINIMAL_PDF),
                upload("virus.exe", b"MZ" + b"\x00" * 64),
                upload("page.html", b"<html></html>"),
            ]
        )

    text = " ".join(caught.value.messages)
    assert "virus.exe" in text
    assert "page.html" in text
    assert "good.pdf" not in text


def test_sniffing_needs_only_the_first_bytes():
    assert sniff_content_type(b"") is None
    assert sniff_content_type(b"\x89PNG\r\n\x1a\n") == "image/png"
