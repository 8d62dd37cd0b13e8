# ruff: noqa: RUF001 -- Cyrillic and Greek letters are what these tests check.
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from complaints.customers import Contact
from complaints.models import Complaint, TimelineEntry
from documents.editing import check_template, save_template
from documents.generation import TIMELINE_KIND, generate_document
from documents.models import Document, DocumentTemplate, Kind
from documents.queries import public_documents
from documents.rendering import DocumentError
from documents.tests.conftest import document_text

pytestmark = pytest.mark.django_db

POLISH = "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        ("pl", f"Zażółć Gęślą {POLISH}", "Decyzja w sprawie reklamacji"),
        ("ru", "Съешь Ещё Булок", "Решение по претензии"),
        ("el", "Ξεσκεπάζω Ψυχοφθόρα", "Απόφαση για το παράπονό σας"),
        ("en", "Cecilia Customer", "Decision on your complaint"),
    ],
)
def test_decision_letter_text_reads_back_in_each_language(
    register, decide, agent, now, language, name, expected
):
    # The forms offer English and Polish; other channels and the templates cover more.
    complaint = register(contact=Contact(name=name, email="c@example.com"))
    Complaint.objects.filter(pk=complaint.pk).update(language=language)
    complaint.refresh_from_db()
    decide(complaint, justification=f"Uzasadnienie {POLISH} · Обоснование · Αιτιολογία")

    document = generate_document(complaint, Kind.DECISION, by=agent, now=now)

    text = document_text(document)
    assert expected in text
    assert name in text
    assert f"Uzasadnienie {POLISH} · Обоснование · Αιτιολογία" in text
    assert complaint.reference in text
    assert document.language == language


def test_polish_decision_letter_names_outcome_remedy_amount_and_rights(
    register, decide, agent, now
):
    complaint = register(language="pl")
    decide(complaint)

    text = document_text(generate_document(complaint, Kind.DECISION, by=agent, now=now))

    assert "reklamacja została uznana częściowo" in text
    assert "obniżenie ceny" in text
    assert "120,50 PLN" in text
    assert "rzecznika konsumentów" in text


def test_regenerating_makes_the_next_version_and_keeps_the_older(register, decide, agent, now):
    complaint = register()
    decide(complaint)

    first = generate_document(complaint, Kind.DECISION, by=agent, now=now)
    second = generate_document(complaint, Kind.DECISION, by=agent, now=now)

    assert (first.version, second.version) == (1, 2)
    assert Document.objects.filter(complaint=complaint, kind=Kind.DECISION).count() == 2
    assert first.file.name != second.file.name
    assert first.file.name.startswith("documents/")
    assert complaint.reference not in first.file.name
    assert second.filename == f"{complaint.reference}-decision-letter-v2.pdf"
    assert public_documents(complaint) == [second]


def test_a_document_is_on_the_public_timeline(register, agent, now):
    complaint = register()

    document = generate_document(complaint, Kind.REGISTRATION, by=agent, now=now)

    entry = complaint.timeline.get(kind=TIMELINE_KIND)
    assert entry.is_public
    assert entry.actor == agent
    assert entry.data["document_id"] == document.pk
    assert entry.data["version"] == 1


@pytest.mark.parametrize("character", ["#", "*", "$", "]", "\\", "<", "@", "[", "//", "="])
def test_customer_text_is_printed_as_written_never_as_markup(register, agent, now, character):
    description = f"Broken {character}set page(width: 1cm) {character}lid{character} end"
    complaint = register(
        description=description,
        contact=Contact(name=f"Eve {character}x", email="eve@example.com"),
    )

    text = document_text(generate_document(complaint, Kind.REGISTRATION, by=agent, now=now))

    assert description in text
    assert f"Eve {character}x" in text


def test_a_decision_offering_a_choice_names_both_and_whose_the_amount_is(
    register, decide, agent, now
):
    complaint = register(language="pl")
    decide(
        complaint,
        outcome="accepted",
        remedy="repair",
        offered_remedies=["repair", "price_reduction"],
    )

    text = document_text(generate_document(complaint, Kind.DECISION, by=agent, now=now))

    assert "naprawa / obniżenie ceny (do wyboru na stronie śledzenia reklamacji)" in text
    assert "Kwota: 120,50 PLN (obniżenie ceny)" in text


def test_protocol_is_two_copies_with_photos_and_signature_places(register, agent, now):
    from conftest import photo

    complaint = register(
        language="pl", uploads=[photo("before.jpg"), photo("after.jpg", color=(0, 90, 200))]
    )
    before, after = complaint.attachments.order_by("pk")
    before.role, after.role = "before", "after"
    before.save()
    after.save()

    document = generate_document(complaint, Kind.PROTOCOL, by=agent, now=now)

    with document.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    text = document_text(document)
    assert "Egzemplarz dla klienta" in text
    assert "Egzemplarz dla firmy" in text
    assert text.count("Klient (data i podpis)") == 2
    assert text.count("W imieniu firmy (data i podpis)") == 2
    assert "The lid does not close." in text
    images = sum(len(page.images) for page in reader.pages)
    assert images == 4  # before and after, in each copy


def test_the_customers_unlabelled_photos_are_the_before_photos(register, agent, now):
    from complaints.attachments import add_staff_attachments
    from conftest import photo

    complaint = register(uploads=[photo("crack.jpg")])  # sent with the complaint
    add_staff_attachments(
        complaint, [photo("desk.jpg")], role="", is_internal=False, by=agent, now=now
    )

    document = generate_document(complaint, Kind.PROTOCOL, by=agent, now=now)

    with document.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    # The customer's photo in each copy; the staff's unlabelled one is not "before".
    assert sum(len(page.images) for page in reader.pages) == 2


def test_a_template_that_does_not_compile_raises_and_stores_nothing(register, agent, now):
    complaint = register()
    DocumentTemplate.objects.update_or_create(
        kind=Kind.REGISTRATION, language="en", defaults={"title": "T", "body": "#nothing(1)"}
    )

    with pytest.raises(DocumentError, match="line 1 of the text: unknown variable: nothing"):
        generate_document(complaint, Kind.REGISTRATION, by=agent, now=now)

    assert not Document.objects.exists()


def test_unknown_placeholder_is_refused_on_save(admin_user, now):
    with pytest.raises(ValidationError) as caught:
        save_template(
            Kind.DECISION,
            language="pl",
            title="Decyzja {reference}",
            body="Dzień dobry {customer}",
            by=admin_user,
            now=now,
        )

    assert "Unknown placeholder {customer}" in str(caught.value.message_dict["body"])
    assert "title" not in caught.value.message_dict


def test_a_body_typst_cannot_read_is_refused_on_save_with_the_line(now):
    with pytest.raises(ValidationError) as caught:
        check_template(
            Kind.DECISION, language="pl", title="Decyzja", body="Dzień dobry\n\n#let x = (", now=now
        )

    assert "line 3 of the text" in caught.value.message_dict["body"][0]


def test_a_title_typst_cannot_read_is_refused_on_the_title(now):
    with pytest.raises(ValidationError) as caught:
        check_template(Kind.DECISION, language="en", title="Decision ]", body="Fine.", now=now)

    assert "title" in caught.value.message_dict


def test_imports_are_refused(now):
    with pytest.raises(ValidationError) as caught:
        check_template(
            Kind.DECISION,
            language="en",
            title="Decision",
            body='#import "@preview/cetz:0.3.0": *',
            now=now,
        )

    assert "may not import" in caught.value.message_dict["body"][0]


def test_failed_entry_is_internal(register, now):
    from documents.generation import report_failure

    complaint = register()
    report_failure(complaint, Kind.DECISION, error="boom", step="s", now=now)
    report_failure(complaint, Kind.DECISION, error="boom", step="s", now=now)

    entry = complaint.timeline.get(kind=TIMELINE_KIND)
    assert not entry.is_public
    assert entry.data["error"] == "boom"
    assert TimelineEntry.objects.filter(kind=TIMELINE_KIND).count() == 1


@pytest.mark.parametrize(
    "body", ['#read("/etc/passwd")', '#read("../../../../etc/passwd")', '#image("/etc/hosts")']
)
def test_a_template_reads_no_file_of_the_server(now, body):
    with pytest.raises(ValidationError) as caught:
        check_template(Kind.DECISION, language="en", title="Decision", body=body, now=now)

    assert "Typst cannot read line 1 of the text" in caught.value.message_dict["body"][0]


def test_a_rejection_letter_has_no_remedy(register, decide, agent, now):
    complaint = register(language="pl")
    decide(complaint, outcome="rejected", remedy="", amount=None, currency="")

    text = document_text(generate_document(complaint, Kind.DECISION, by=agent, now=now))

    assert "reklamacja nie została uznana" in text
    assert "Sposób załatwienia: —" in text


def test_the_letterhead_carries_the_branding(register, agent, now):
    from branding.models import Branding

    Branding.objects.create(
        company_name="Sklep Żółw sp. z o.o.",
        address="ul. Długa 1\n00-001 Warszawa",
        contact_email="bok@zolw.example",
        accent_colour="#aa3300",
        footer_text="KRS 0000123456",
    )
    complaint = register(language="pl")

    text = document_text(generate_document(complaint, Kind.REGISTRATION, by=agent, now=now))

    for expected in ("Sklep Żółw sp. z o.o.", "ul. Długa 1", "bok@zolw.example", "KRS 0000123456"):
        assert expected in text


def test_the_logo_is_on_the_letterhead(register, agent, now):
    from django.core.files.base import ContentFile

    from branding.models import Branding
    from conftest import png_bytes

    branding = Branding(company_name="Logo Ltd")
    branding.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    complaint = register()

    document = generate_document(complaint, Kind.REGISTRATION, by=agent, now=now)

    with document.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    assert len(reader.pages[0].images) == 1
