from django.urls import reverse

from complaints.models import Category
from workflow.categories import change_category
from workflow.models import Process
from workflow.queries import process_for_category

CATEGORIES = "/desk/settings/categories/"


def test_only_admins_manage_categories(client, manager, admin_user):
    client.force_login(manager)
    assert client.get(CATEGORIES).status_code == 302
    client.force_login(admin_user)
    response = client.get(CATEGORIES)
    assert response.status_code == 200
    assert "No categories yet" in response.content.decode()


def test_admin_creates_a_process_and_a_category_that_follows_it(client, admin_user):
    client.force_login(admin_user)
    default = Process.objects.get(is_default=True)

    created = client.post(
        CATEGORIES, {"add_process": "1", "process-name": "Services", "process-copy_of": default.pk}
    )
    services = Process.objects.get(name="Services")
    assert created.url == reverse("desk:process_edit", args=[services.pk])
    client.post(
        CATEGORIES,
        {
            "add_category": "1",
            "category-name": " Home   repairs ",
            "category-description": "Visits at home",
            "category-process": services.pk,
        },
    )
    duplicate = client.post(
        CATEGORIES,
        {"add_category": "1", "category-name": "home repairs", "category-process": default.pk},
    )

    category = Category.objects.get()
    assert category.name == "Home repairs"
    assert process_for_category(category.pk) == services
    assert "Another category is called" in duplicate.content.decode()
    page = client.get(reverse("desk:process_edit", args=[services.pk])).content.decode()
    assert "Home repairs" in page


def test_a_category_in_use_is_retired_not_removed(client, admin_user, register, now):
    category = Category.objects.create(name="Goods")
    complaint = register()
    change_category(complaint, category=category, by=admin_user, now=now)
    client.force_login(admin_user)

    confirm = client.get(reverse("desk:remove_category", args=[category.pk]))
    refused = client.post(reverse("desk:remove_category", args=[category.pk]), follow=True)
    client.post(
        reverse("desk:edit_category", args=[category.pk]),
        {
            "name": "Goods",
            "description": "",
            "position": 0,
            "process": Process.objects.get(is_default=True).pk,
        },
    )

    assert "Remove it?" in confirm.content.decode()
    assert "cannot be removed" in refused.content.decode()
    category.refresh_from_db()
    assert category.is_active is False


def test_removing_a_process_is_confirmed_and_refused_while_followed(client, admin_user):
    from workflow.configuration import copy_process, set_category_process

    process = copy_process(Process.objects.get(is_default=True), name="B2B")
    set_category_process(Category.objects.create(name="Wholesale"), process)
    client.force_login(admin_user)
    url = reverse("desk:remove_process", args=[process.pk])

    assert "Remove it?" in client.get(url).content.decode()
    client.post(url)

    assert not Process.objects.filter(pk=process.pk).exists()
    assert process_for_category(Category.objects.get().pk).is_default
