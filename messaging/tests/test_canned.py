"""CO-3: canned responses, their placeholders and the shipped defaults."""

import pytest
from django.core.exceptions import ValidationError

from messaging.canned import canned_for, render_canned
from messaging.models import CannedResponse


def test_placeholders_are_filled_in_for_the_complaint(register, agent):
    complaint = register()
    canned = CannedResponse.objects.create(
        title="Hello",
        language="en",
        subject="About {reference}",
        body="Dear {customer_name}, {product}; {agent_name}. {tracking_url} {{literal}}",
    )

    subject, body = render_canned(canned, complaint, agent=agent)

    assert subject == f"About {complaint.reference}"
    assert body == (
        f"Dear Cecilia Customer, Kettle Steel 1.7 l; Agnes. "
        f"http://127.0.0.1:8000/track/{complaint.tracking_token}/ {{literal}}"
    )


def test_an_unknown_placeholder_is_refused_on_save(db):
    canned = CannedResponse(title="Bad", language="en", subject="{ordr}", body="Hi {name}")

    with pytest.raises(ValidationError) as refused:
        canned.full_clean()

    assert refused.value.message_dict["subject"] == [
        "Unknown placeholder: {ordr}. Use {customer_name}, {reference}, {product}, "
        "{agent_name}, {tracking_url}."
    ]
    assert "{name}" in refused.value.message_dict["body"][0]


def test_a_lone_brace_is_refused_with_a_hint(db):
    canned = CannedResponse(title="Bad", language="en", subject="Hi", body="Hi {reference")

    with pytest.raises(ValidationError) as refused:
        canned.full_clean()

    assert "A brace is not closed" in refused.value.message_dict["body"][0]


def test_the_defaults_ship_in_four_languages(db):
    shipped = CannedResponse.objects.exclude(key="")

    assert set(shipped.values_list("key", flat=True)) == {
        "thanks",
        "apology",
        "info_request",
        "follow_up",
    }
    assert set(shipped.values_list("language", flat=True)) == {"en", "pl", "ru", "el"}
    for canned in shipped:
        canned.full_clean()  # every shipped placeholder is one we fill


def test_agents_are_offered_active_responses_in_the_complaints_language(register):
    complaint = register(language="pl")
    CannedResponse.objects.filter(key="apology", language="pl").update(active=False)

    titles = [canned.title for canned in canned_for(complaint)]

    assert titles == ["Informacja o postępach", "Podziękowanie", "Prośba o informacje"]
