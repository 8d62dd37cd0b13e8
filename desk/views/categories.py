"""Settings: categories and the processes they follow (WF-1, WF-8), for admins."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from complaints.models import Category
from desk.forms import CategoryForm, NewProcessForm
from desk.views.settings import admin_required, process_url
from workflow.configuration import copy_process, delete_process, set_category_process
from workflow.models import Process
from workflow.queries import default_process, process_for_category


def _save_category(form, category):
    """Save the form's category and its process together, or neither."""
    with transaction.atomic():
        category = form.save()
        set_category_process(category, form.cleaned_data["process"])
    return category


@admin_required
def categories(request):
    default = default_process()
    category_form = CategoryForm(prefix="category", initial={"process": default})
    process_form = NewProcessForm(prefix="process", initial={"copy_of": default})
    if request.method == "POST" and "add_category" in request.POST:
        category_form = CategoryForm(request.POST, prefix="category")
        if category_form.is_valid():
            try:
                category = _save_category(category_form, None)
            except ValidationError as error:
                category_form.add_error(None, error)
            else:
                messages.success(request, _("Category “%(name)s” added.") % {"name": category})
                return redirect("desk:categories")
    elif request.method == "POST" and "add_process" in request.POST:
        process_form = NewProcessForm(request.POST, prefix="process")
        if process_form.is_valid():
            try:
                process = copy_process(
                    process_form.cleaned_data["copy_of"], name=process_form.cleaned_data["name"]
                )
            except ValidationError as error:
                process_form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Process “%(name)s” created. Adapt its stages, then give it categories.")
                    % {"name": process},
                )
                return redirect(process_url(process))
    processes = list(Process.objects.prefetch_related("categories"))
    by_category = {
        category.pk: process for process in processes for category in process.categories.all()
    }
    listed = list(Category.objects.annotate(complaint_count=Count("complaints")))
    for category in listed:
        category.process = by_category.get(category.pk, default)
    return render(
        request,
        "desk/categories.html",
        {
            "categories": listed,
            "processes": processes,
            "category_form": category_form,
            "process_form": process_form,
        },
    )


@admin_required
def edit_category(request, pk):
    category = get_object_or_404(Category, pk=pk)
    form = CategoryForm(
        request.POST or None,
        instance=category,
        initial={"process": process_for_category(category.pk)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_category(form, category)
        except ValidationError as error:
            category.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("Category “%(name)s” saved.") % {"name": category})
            return redirect("desk:categories")
    return render(request, "desk/category_edit.html", {"category": category, "form": form})


@admin_required
def remove_category(request, pk):
    category = get_object_or_404(Category, pk=pk)
    if request.method == "POST":
        in_use = category.complaints.count()
        if in_use:
            messages.error(
                request,
                _(
                    "%(count)d complaints are in “%(name)s”; it cannot be removed. Untick "
                    "“offered for new complaints” to retire it instead."
                )
                % {"count": in_use, "name": category},
            )
        else:
            category.delete()
            messages.success(request, _("Category removed."))
        return redirect("desk:categories")
    return render(
        request,
        "desk/confirm_delete.html",
        {
            "what": _("the category “%(name)s”") % {"name": category},
            "back": reverse("desk:categories"),
        },
    )


@admin_required
def remove_process(request, pk):
    process = get_object_or_404(Process, pk=pk)
    if request.method == "POST":
        try:
            delete_process(process)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(process_url(process))
        messages.success(request, _("Process removed; its categories follow the default one."))
        return redirect("desk:categories")
    return render(
        request,
        "desk/confirm_delete.html",
        {"what": _("the process “%(name)s”") % {"name": process}, "back": process_url(process)},
    )
