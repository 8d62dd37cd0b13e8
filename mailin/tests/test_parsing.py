# ruff: noqa: RUF001 - real mail in Polish, Russian and Greek
import pytest

from mailin.parsing import html_to_text, parse_message, trim_reply
from mailin.tests import messages


def test_thunderbird_polish_iso_8859_2_headers_and_body():
    parsed = parse_message(messages.thunderbird_pl_iso())
    assert parsed.from_name == "Paweł Żółć"
    assert parsed.from_address == "pawel.zolc@poczta.example.pl"
    assert parsed.subject == "Cieknie czajnik ąćęłńóśźż"
    assert "czajnik przecieka od spodu" in parsed.text
    assert (
        trim_reply(parsed.text) == "Dzień dobry,\n\nczajnik przecieka od spodu. Proszę o wymianę."
    )


def test_gmail_polish_utf8_prefers_plain_text_and_reads_rfc2231_filename():
    parsed = parse_message(messages.gmail_pl_utf8_with_photo())
    assert parsed.subject == "Pęknięta obudowa"
    assert parsed.from_name == "Małgorzata Wójcik"
    assert parsed.text == "Pęknięta obudowa, zdjęcie w załączniku."
    [photo] = parsed.parts
    assert photo.filename == "pęknięcie.jpg"
    assert photo.content_type == "image/jpeg"
    assert photo.data.startswith(b"\xff\xd8\xff")


def test_outlook_russian_koi8_r_trims_outlook_quote():
    parsed = parse_message(messages.outlook_ru_koi8())
    assert parsed.from_name == "Иван Петров"
    assert parsed.subject == "Ошибка"
    assert trim_reply(parsed.text) == "Здравствуйте,\n\nчайник не включается.\n\nС уважением,\nИван"
    assert "старое" in parsed.text  # the full text is still there


def test_apple_mail_windows_1251_html_only_is_turned_into_text_without_script():
    parsed = parse_message(messages.apple_mail_ru_1251_html_only())
    assert parsed.subject == "Утюг сломался"
    assert parsed.from_name == "Мария"
    assert "Утюг сломался через неделю." in parsed.text
    assert "alert" not in parsed.text and "color" not in parsed.text
    assert trim_reply(parsed.text) == "Утюг сломался через неделю."


def test_greek_iso_8859_7():
    parsed = parse_message(messages.greek_iso_8859_7())
    assert parsed.from_name == "Γιώργος"
    assert parsed.subject == "Βλάβη συσκευής"
    assert "η συσκευή δεν λειτουργεί." in parsed.text


def test_unknown_charset_is_read_with_replacement_characters():
    raw = messages.plain(body="caf\xe9").replace(b"charset=utf-8", b"charset=x-unknown-42")
    parsed = parse_message(raw)
    assert parsed.text.startswith("caf")


def test_inline_image_is_kept_as_a_part():
    raw = messages.gmail_pl_utf8_with_photo().replace(
        b"Content-Disposition: attachment;", b"Content-ID: <ii_1>\nContent-Disposition: inline;"
    )
    [photo] = parse_message(raw).parts
    assert photo.inline


@pytest.mark.parametrize(
    "raw, error",
    [
        (b"", "The message is empty."),
        (b"no headers at all, just text\n", "The message has no headers."),
        (b"From: nobody\nSubject: x\n\nbody\n", "sender's address cannot be read"),
    ],
)
def test_unreadable_messages_raise_a_clear_error(raw, error):
    with pytest.raises(ValueError, match=error):
        parse_message(raw)


def test_html_to_text_drops_tags_links_and_scripts():
    html = '<p>Hi <a href="javascript:evil()">there</a></p><script>x()</script><br>Bye &amp; thanks'
    assert html_to_text(html) == "Hi there\n\nBye & thanks"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Yes, please.\n\nOn Mon, 2 Mar 2026, Shop wrote:\n> old\n> older", "Yes, please."),
        ("Tak.\n\nW dniu 2.03.2026 o 10:00, Sklep pisze:\n> stare", "Tak."),
        ("Ναι.\n\nΟ Γιώργος έγραψε:\n> παλιό", "Ναι."),
        ("Da.\n\n-- \nIvan\n+7 900", "Da."),
        ("Ok\n\nSent from my iPhone", "Ok"),
        ("> only a quote", "> only a quote"),
        ("See below\n\n---------- Forwarded message ---------\nFrom: A\n\nText", None),
    ],
)
def test_trim_reply(text, expected):
    assert trim_reply(text) == (text if expected is None else expected)
