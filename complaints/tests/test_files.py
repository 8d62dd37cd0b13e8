"""Headers for serving stored files (DO-3): names never break out of the header, types never
come from the name."""

import pytest

from complaints.files import content_disposition, served_type, with_extension


@pytest.mark.parametrize(
    "name, content_type, expected",
    [
        ("kettle.jpg", "image/jpeg", "kettle.jpg"),
        ("KETTLE.JPEG", "image/jpeg", "KETTLE.JPEG"),
        ("invoice.html", "application/pdf", "invoice.html.pdf"),
        ("logo.svg", "image/png", "logo.svg.png"),
        ("IMG_1.heif", "image/heic", "IMG_1.heif"),
        ("scan", "image/webp", "scan.webp"),
        ("page.html", "application/octet-stream", "page.html"),
    ],
)
def test_a_served_name_ends_as_its_type(name, content_type, expected):
    assert with_extension(name, content_type) == expected


@pytest.mark.parametrize("stored", ["text/html", "image/svg+xml", "application/x-msdownload", ""])
def test_types_we_never_store_are_served_as_opaque_bytes(stored):
    assert served_type(stored) == "application/octet-stream"


def test_the_header_has_an_ascii_name_and_the_exact_one_encoded():
    header = content_disposition("Żółw ü.pdf", inline=False)

    assert (
        header
        == "attachment; filename=\"Zow u.pdf\"; filename*=UTF-8''%C5%BB%C3%B3%C5%82w%20%C3%BC.pdf"
    )
    header.encode("latin-1")  # what HTTP headers can carry


def test_quotes_slashes_and_line_breaks_cannot_escape_the_header():
    header = content_disposition('a"b\\c/d\r\nSet-Cookie: x=1;.pdf', inline=True)

    assert "\r" not in header and "\n" not in header
    assert header.startswith('inline; filename="a_b_c_dSet-Cookie_ x=1_.pdf"; filename*=')


def test_a_name_of_nothing_printable_becomes_file():
    assert content_disposition("\x00\x01", inline=True).startswith('inline; filename="file"')
