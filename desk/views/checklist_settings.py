"""Settings: the verification checklist (WF-2), for admins."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from complaints.models import Category
from desk.forms import ChecklistItemForm
from desk.views.settings import admin_required
from workflow.configuration import delete_checklist_item, save_checklist_item
from workflow.models import ChecklistItem


def checklist_groups(items):
    """Items for every category first, then each category's, in the categories' order."""
    groups = {None: (_("Every category"), [])}
    for category in Category.objects.all():
        groups[category.pk] = (category.name, [])
    for item in items:
        groups[item.category_id][1].append(item)
    return [group for key, group in groups.items() if group[1] or key is None]


def _save(request, form, item=None):
    """Validate the form and save through the domain; True when saved."""
    if not form.is_valid():
        return False
    try:
        save_checklist_item(item, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@admin_required
def checklist_settings(request):
    form = ChecklistItemForm(request.POST or None)
    if request.method == "POST" and _save(request, form):
        messages.success(request, _("Checklist point added."))
        return redirect("desk:checklist_settings")
    items = ChecklistItem.objects.select_related("category").annotate(ticks=Count("marks"))
    return render(
        request,
        "desk/checklist_settings.html",
        {"groups": checklist_groups(items), "form": form},
    )


@admin_required
def edit_checklist_item(request, pk):
    item = get_object_or_404(ChecklistItem, pk=pk)
    form = (
        ChecklistItemForm(request.POST)
        if request.method == "POST"
        else ChecklistItemForm.for_item(item)
    )
    if request.method == "POST" and _save(request, form, item):
        messages.success(request, _("Checklist point saved."))
        return redirect("desk:checklist_settings")
    return render(request, "desk/checklist_item_edit.html", {"item": item, "form": form})


@admin_required
def remove_checklist_item(request, pk):
    item = get_object_or_404(ChecklistItem.objects.annotate(ticks=Count("marks")), pk=pk)
    if request.method == "POST":
        delete_checklist_item(item)
        messages.success(request, _("Checklist point removed."))
        return redirect("desk:checklist_settings")
    what = _("the checklist point “%(item)s”") % {"item": item.label}
    if item.ticks:
        what = ngettext(
            "%(what)s and its tick on %(count)d complaint (to keep it, take the point out "
            "of use instead)",
            "%(what)s and its ticks on %(count)d complaints (to keep them, take the point "
            "out of use instead)",
            item.ticks,
        ) % {"what": what, "count": item.ticks}
    return render(
        request,
        "desk/confirm_delete.html",
        {"what": what, "back": reverse("desk:checklist_settings")},
    )
