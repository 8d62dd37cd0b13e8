"""The desk's side of documents: the complaint page's card, on-demand making, downloads with
their permission, and the admins' settings page with checks and preview."""

import pytest
from django.urls import reverse

from complaints.ownership import take_complaint
from documents.models import Document, DocumentTemplate, Kind, KindSetting
from documents.tests.conftest import pdf_text
from workflow.queries import default_process


def detail(complaint):
    return reverse("desk:complaint_detail", args=[complaint.reference])


def generate_url(complaint):
    return reverse("desk:generate_document", args=[complaint.reference])


def test_agent_makes_a_document_on_demand_and_downloads_it(client, agent, register):
    complaint = register(language="pl")
    client.force_login(agent)

    response = client.post(generate_url(complaint), {"kind": Kind.REGISTRATION}, follow=True)

    document = Document.objects.get()
    assert document.created_by == agent
    assert f"{complaint.reference}-registration-confirmation-v1.pdf" in response.text
    assert 'id="documents"' in response.text
    download = client.get(reverse("desk:document_download", args=[document.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith(
        f'attachment; filename="{complaint.reference}-registration-confirmation-v1.pdf"'
    )
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "Potwierdzenie przyjęcia reklamacji" in pdf_text(b"".join(download.streaming_content))


def test_generating_again_lists_both_versions(client, agent, register):
    complaint = register()
    client.force_login(agent)
    client.post(generate_url(complaint), {"kind": Kind.REGISTRATION})

    response = client.post(generate_url(complaint), {"kind": Kind.REGISTRATION}, follow=True)

    assert "registration-confirmation-v1.pdf" in response.text
    assert "registration-confirmation-v2.pdf" in response.text


@pytest.mark.parametrize("kind", ["", "invoice", "<script>"])
def test_an_unknown_kind_is_refused_with_a_message(client, agent, register, kind):
    complaint = register()
    client.force_login(agent)

    response = client.post(generate_url(complaint), {"kind": kind}, follow=True)

    assert "Choose a kind of document from the list." in response.text
    assert not Document.objects.exists()


def test_a_broken_template_on_demand_says_so(client, agent, register):
    complaint = register()
    DocumentTemplate.objects.filter(kind=Kind.DECISION).update(body="#oops")
    client.force_login(agent)

    response = client.post(generate_url(complaint), {"kind": Kind.DECISION}, follow=True)

    assert "could not be made" in response.text
    assert "unknown variable: oops" in response.text
    assert not Document.objects.exists()


def test_agent_who_may_not_see_the_complaint_gets_404(client, agent, other_agent, register, now):
    complaint = register()
    take_complaint(complaint, agent=other_agent, now=now)
    document_url = None
    client.force_login(other_agent)
    client.post(generate_url(complaint), {"kind": Kind.REGISTRATION})
    document = Document.objects.get()
    document_url = reverse("desk:document_download", args=[document.pk])
    client.force_login(agent)

    assert client.get(document_url).status_code == 404
    assert client.post(generate_url(complaint), {"kind": Kind.REGISTRATION}).status_code == 404
    assert client.get(reverse("desk:document_download", args=[document.pk + 99])).status_code == 404


def test_a_specialist_may_not_generate(client, specialist, register):
    complaint = register()
    client.force_login(specialist)

    response = client.post(generate_url(complaint), {"kind": Kind.REGISTRATION})

    assert response.status_code in (403, 404)
    assert not Document.objects.exists()


def test_signed_out_download_asks_to_sign_in(client, agent, register, now):
    from documents.generation import generate_document

    document = generate_document(register(), Kind.REGISTRATION, by=agent, now=now)

    response = client.get(reverse("desk:document_download", args=[document.pk]))

    assert response.status_code == 302


def template_url(kind="decision_letter", language="pl"):
    return reverse("desk:edit_document_template", args=[kind, language])


def test_settings_are_for_admins(client, manager):
    client.force_login(manager)

    assert client.get(reverse("desk:document_settings")).status_code == 302
    assert client.get(template_url()).status_code == 302


def test_settings_page_lists_kinds_languages_and_stages(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("desk:document_settings"))

    assert response.status_code == 200
    for label in ("Decision letter", "Hand-over protocol", "Polski", "Ελληνικά", "{rights}"):
        assert label in response.text
    assert 'id="document-settings" aria-current="page"' in response.text


def test_admin_edits_the_polish_decision_letter(client, admin_user):
    client.force_login(admin_user)
    assert "Decyzja w sprawie reklamacji" in client.get(template_url()).text

    response = client.post(
        template_url(), {"title": "Decyzja {reference}", "body": "Szanowni Państwo, *{remedy}*."}
    )

    assert response.status_code == 302
    template = DocumentTemplate.objects.get(kind=Kind.DECISION, language="pl")
    assert template.title == "Decyzja {reference}"
    assert template.updated_by == admin_user


def test_unknown_placeholder_is_shown_on_save(client, admin_user):
    client.force_login(admin_user)

    response = client.post(template_url(), {"title": "Decyzja", "body": "Dzień dobry {klient}"})

    assert response.status_code == 200
    assert "Unknown placeholder {klient}" in response.text
    assert DocumentTemplate.objects.get(kind=Kind.DECISION, language="pl").body != (
        "Dzień dobry {klient}"
    )


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "Body", "This field is required."),
        ("Title", "", "This field is required."),
        ("Title", "Fine\n#let x = (", "Typst cannot read"),
        ("Title ]", "Fine", "Typst cannot read the title"),
        ("x" * 201, "Fine", "at most 200 characters"),
    ],
)
def test_bad_template_is_refused_with_a_clear_message(client, admin_user, title, body, message):
    client.force_login(admin_user)

    response = client.post(template_url(), {"title": title, "body": body})

    assert response.status_code == 200
    assert message in response.text


def test_preview_is_a_pdf_with_the_sample_complaint(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        template_url(),
        {"title": "Decyzja {reference}", "body": "Kwota: {amount} · {description}", "preview": "1"},
    )

    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    text = pdf_text(response.content)
    assert "Decyzja RK-2026-000123" in text
    assert "120,00 PLN" in text
    assert "#1 *hot* $5 [sic]" in text
    assert not DocumentTemplate.objects.filter(title="Decyzja {reference}").exists()


def test_preview_with_a_bad_template_shows_the_error(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        template_url(), {"title": "Decyzja", "body": "#nieznana()", "preview": "1"}
    )

    assert response["Content-Type"].startswith("text/html")
    assert "unknown variable: nieznana" in response.text


def test_unknown_kind_or_language_is_404(client, admin_user):
    client.force_login(admin_user)

    assert client.get(template_url(kind="invoice")).status_code == 404
    assert client.get(template_url(language="de")).status_code == 404


def test_admin_switches_e_mailing_of_a_kind(client, admin_user):
    client.force_login(admin_user)

    client.post(reverse("desk:toggle_document_email", args=[Kind.PROTOCOL]))

    assert KindSetting.objects.get(kind=Kind.PROTOCOL).email_to_customer
    client.post(reverse("desk:toggle_document_email", args=[Kind.PROTOCOL]))
    assert not KindSetting.objects.get(kind=Kind.PROTOCOL).email_to_customer


def test_admin_chooses_what_a_stage_makes(client, admin_user):
    client.force_login(admin_user)
    stage = default_process().stages.get(key="verification")

    client.post(
        reverse("desk:stage_documents", args=[stage.pk]),
        {"kinds": [Kind.PROTOCOL, Kind.REGISTRATION]},
    )

    stage.refresh_from_db()
    assert stage.documents == [Kind.REGISTRATION, Kind.PROTOCOL]
    response = client.post(
        reverse("desk:stage_documents", args=[stage.pk]), {"kinds": ["invoice"]}, follow=True
    )
    assert "Choose kinds of documents from the list." in response.text
    stage.refresh_from_db()
    assert stage.documents == [Kind.REGISTRATION, Kind.PROTOCOL]


def test_default_process_makes_the_shipped_documents(db):
    stages = {stage.key: stage.documents for stage in default_process().stages.all()}

    assert stages["new"] == [Kind.REGISTRATION]
    assert stages["waiting_customer"] == [Kind.INFORMATION_REQUEST]
    assert stages["resolution"] == [Kind.DECISION]
    assert stages["rejected"] == [Kind.DECISION]
    assert stages["closed"] == [Kind.PROTOCOL]


def test_public_document_is_only_of_its_own_complaint(register, agent, now):
    from complaints.customers import Contact
    from documents.generation import generate_document
    from documents.queries import public_document

    mine = register()
    other = register(contact=Contact(name="Olaf Other", email="olaf@example.com"))
    document = generate_document(mine, Kind.REGISTRATION, by=agent, now=now)

    assert public_document(mine, document.pk) == document
    assert public_document(other, document.pk) is None
    assert public_document(mine, document.pk + 1) is None
