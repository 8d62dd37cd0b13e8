from django.urls import reverse

from workflow.models import Stage, Transition

SETTINGS = "/desk/settings/process/"


def test_only_admins_open_the_process_settings(client, agent, manager, admin_user):
    client.force_login(agent)
    assert client.get(SETTINGS).status_code == 302
    client.force_login(manager)
    assert client.get(SETTINGS).status_code == 302
    client.force_login(admin_user)
    response = client.get(SETTINGS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert html.count("<rect") == 8


def test_admin_adds_expert_appraisal_between_verification_and_decision(client, admin_user):
    client.force_login(admin_user)
    verification = Stage.objects.get(key="verification")
    decision = Stage.objects.get(key="decision")

    response = client.post(
        SETTINGS,
        {
            "add_stage": "1",
            "stage-name": "Expert appraisal",
            "stage-after": verification.pk,
            "stage-sources": [verification.pk],
            "stage-targets": [decision.pk],
            "stage-customer_text": "An expert is appraising the product.",
            "stage-clock": "",
        },
        follow=True,
    )

    assert "Stage “Expert appraisal” added." in response.content.decode()
    appraisal = Stage.objects.get(key="expert_appraisal")
    assert Transition.objects.filter(source=verification, target=appraisal).exists()
    assert Transition.objects.filter(source=appraisal, target=decision).exists()
    board = client.get("/desk/board/").content.decode()
    assert 'data-stage="expert_appraisal"' in board


def test_an_invalid_stage_is_explained_and_nothing_is_added(client, admin_user):
    client.force_login(admin_user)

    response = client.post(SETTINGS, {"add_stage": "1", "stage-name": "Limbo", "stage-clock": ""})

    assert response.status_code == 200
    assert "No complaint can reach: Limbo" in response.content.decode()
    assert not Stage.objects.filter(key="limbo").exists()


def test_removing_asks_first_and_refusals_are_explained(client, admin_user, register):
    register()
    client.force_login(admin_user)
    new = Stage.objects.get(key="new")
    url = reverse("desk:remove_stage", args=[new.pk])

    confirm = client.get(url)
    assert "cannot be undone" in confirm.content.decode()
    assert Stage.objects.filter(pk=new.pk).exists()

    response = client.post(url, follow=True)
    assert "1 complaint is in “New”" in response.content.decode()
    assert Stage.objects.filter(pk=new.pk).exists()


def test_admin_edits_a_stage(client, admin_user):
    client.force_login(admin_user)
    decision = Stage.objects.get(key="decision")

    client.post(
        reverse("desk:edit_stage", args=[decision.pk]),
        {
            "name": "Committee",
            "customer_text": "The committee meets on Fridays.",
            "clock": "",
        },
    )

    decision.refresh_from_db()
    assert decision.label == "Committee"
    assert decision.customer_label == "The committee meets on Fridays."


def test_a_transition_can_require_fields_to_be_filled(client, admin_user):
    client.force_login(admin_user)
    transition = Transition.objects.get(source__key="new", target__key="verification")
    url = reverse("desk:edit_transition", args=[transition.pk])

    client.post(url, {"required_fields": ["order_number", "category"]})
    bad = client.post(url, {"required_fields": ["description"]})

    transition.refresh_from_db()
    assert transition.required_fields == ["order_number", "category"]
    assert "Select a valid choice" in bad.content.decode()
    page = client.get(SETTINGS).content.decode()
    assert "fields filled: order number, category" in page
