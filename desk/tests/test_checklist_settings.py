"""Admins edit the verification checklist and the process's move requirements."""

import pytest
from django.urls import reverse

from complaints.models import Category
from workflow.models import ChecklistItem, ChecklistMark, Stage, Transition
from workflow.transitions import TransitionRefused, move_complaint
from workflow.verification import checklist_for, set_check

CHECKLIST = "/desk/settings/checklist/"
PROCESS = "/desk/settings/process/"


def test_only_admins_edit_the_checklist(client, agent, manager, admin_user):
    item = ChecklistItem.objects.first()
    urls = [
        CHECKLIST,
        reverse("desk:edit_checklist_item", args=[item.pk]),
        reverse("desk:remove_checklist_item", args=[item.pk]),
    ]
    for user in (agent, manager):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 302
        assert client.post(urls[2]).status_code == 302
    assert ChecklistItem.objects.filter(pk=item.pk).exists()
    client.force_login(admin_user)
    html = client.get(CHECKLIST).content.decode()
    assert "Every category" in html
    assert "Proof of purchase" in html
    assert 'id="checklist-settings"' in client.get(PROCESS).content.decode()


def test_admin_adds_a_point_for_a_category(client, admin_user, register, agent, now):
    shoes = Category.objects.create(name="Shoes")
    client.force_login(admin_user)

    response = client.post(
        CHECKLIST,
        {"text": "The soles are intact", "kind": "legitimacy", "category": shoes.pk},
        follow=True,
    )

    html = response.content.decode()
    assert "Checklist point added." in html
    assert html.index("Every category") < html.index("Shoes") < html.index("The soles are")
    item = ChecklistItem.objects.get(text="The soles are intact")
    assert item.category == shoes
    assert (
        item.position
        > ChecklistItem.objects.exclude(pk=item.pk).order_by("position").last().position
    )


def test_a_point_without_text_or_kind_keeps_the_input(client, admin_user):
    client.force_login(admin_user)

    response = client.post(CHECKLIST, {"text": "  ", "kind": "", "position": "3"})

    assert response.status_code == 200
    form = response.context["form"]
    assert "text" in form.errors and "kind" in form.errors
    assert 'value="3"' in response.content.decode()
    assert ChecklistItem.objects.count() == 5


def test_admin_edits_and_takes_a_point_out_of_use(client, admin_user, register, agent, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    for item in checklist_for(complaint)[:4]:
        set_check(complaint, item, checked=True, by=agent, now=now)
    last = checklist_for(complaint)[4]
    client.force_login(admin_user)
    url = reverse("desk:edit_checklist_item", args=[last.pk])

    assert "The fault is not caused by wear or misuse" in client.get(url).content.decode()
    response = client.post(
        url, {"text": "Not worn out", "kind": "legitimacy", "position": "5"}, follow=True
    )

    assert "Checklist point saved." in response.content.decode()
    last.refresh_from_db()
    assert (last.text, last.position, last.is_active) == ("Not worn out", 5, False)
    assert move_complaint(complaint, to="decision", by=agent, now=now).stage == "decision"


def test_removing_a_point_asks_first(client, admin_user, register, agent, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    item = checklist_for(complaint)[0]
    set_check(complaint, item, checked=True, by=agent, now=now)
    client.force_login(admin_user)
    url = reverse("desk:remove_checklist_item", args=[item.pk])

    confirm = client.get(url).content.decode()
    assert "its tick on 1 complaint" in confirm
    assert f'href="{CHECKLIST}"' in confirm
    assert ChecklistItem.objects.filter(pk=item.pk).exists()

    response = client.post(url, follow=True)

    assert "Checklist point removed." in response.content.decode()
    assert not ChecklistItem.objects.filter(pk=item.pk).exists()
    assert not ChecklistMark.objects.exists()


def test_admin_adds_a_transition_with_requirements(client, admin_user, register, agent, now):
    client.force_login(admin_user)
    verification = Stage.objects.get(key="verification")
    resolution = Stage.objects.get(key="resolution")

    client.post(
        PROCESS,
        {
            "add_transition": "1",
            "transition-source": verification.pk,
            "transition-target": resolution.pk,
            "transition-requires_checklist": "on",
            "transition-requires_actions_done": "on",
        },
    )

    transition = Transition.objects.get(source=verification, target=resolution)
    assert transition.requires_checklist and transition.requires_actions_done
    html = client.get(PROCESS).content.decode()
    assert "checklist complete" in html
    assert "resolution actions done" in html
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    with pytest.raises(TransitionRefused, match="Complete the verification checklist"):
        move_complaint(complaint, to="resolution", by=agent, now=now)


def test_admin_edits_what_a_transition_requires(client, admin_user, register, agent, now):
    transition = Transition.objects.get(source__key="verification", target__key="decision")
    client.force_login(admin_user)
    url = reverse("desk:edit_transition", args=[transition.pk])

    html = client.get(url).content.decode()
    assert 'name="requires_checklist" id="id_requires_checklist" checked' in html
    response = client.post(
        url, {"allowed_roles": ["manager"], "requires_reason": "on"}, follow=True
    )

    assert "saved" in response.content.decode()
    transition.refresh_from_db()
    assert transition.allowed_roles == ["manager"]
    assert transition.requires_reason
    assert not transition.requires_checklist
    client.force_login(agent)
    assert client.get(url).status_code == 302


def test_admin_sets_which_stage_waits_for_the_customer(client, admin_user, register, agent, now):
    specialist = Stage.objects.get(key="waiting_specialist")
    client.force_login(admin_user)

    client.post(
        reverse("desk:edit_stage", args=[specialist.pk]),
        {"name": specialist.name, "waits_for": "customer", "clock": ""},
    )

    specialist.refresh_from_db()
    assert specialist.waits_for == "customer"
    assert "waits for the customer" in client.get(PROCESS).content.decode()
