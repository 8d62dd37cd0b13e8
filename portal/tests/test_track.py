from django.urls import reverse

from complaints.models import Complaint
from complaints.ownership import take_complaint
from complaints.timeline import record_event


def test_tracking_link_shows_the_status_in_plain_words(client, register):
    complaint = register()
    url = reverse("portal:track", args=[complaint.tracking_token])

    html = client.get(url).content.decode()
    assert complaint.reference in html
    assert "We have received your complaint." in html

    Complaint.objects.filter(pk=complaint.pk).update(stage="decision")
    assert "We are deciding on your complaint." in client.get(url).content.decode()


def test_tracking_page_never_shows_staff_data(client, register, agent, now):
    complaint = register(description="My private description")
    take_complaint(complaint, agent=agent, now=now)
    record_event(complaint, "note", at=now, actor=agent, text="Customer is difficult")

    html = client.get(reverse("portal:track", args=[complaint.tracking_token])).content.decode()

    for secret in (
        "Customer is difficult",
        "Agnes",
        agent.username,
        "Verification",
        "/desk/",
        "Shared queue",
    ):
        assert secret not in html, secret


def test_unknown_or_guessed_tokens_find_nothing(client, register):
    complaint = register()

    assert client.get("/track/not-a-token/").status_code == 404
    assert client.get(f"/track/{complaint.reference}/").status_code == 404
    assert client.get(f"/track/{complaint.pk}/").status_code == 404


def test_tracking_token_is_long_and_random(register):
    tokens = {register().tracking_token for _ in range(5)}

    assert len(tokens) == 5
    assert all(len(token) >= 32 for token in tokens)


def test_tracking_page_speaks_the_customers_choice(client, register):
    complaint = register()

    response = client.get(reverse("portal:track", args=[complaint.tracking_token]) + "?lang=pl")

    assert response.headers["Content-Language"] == "pl"
