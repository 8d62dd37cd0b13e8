"""Custom fields (IN-7): a complaint's answers on the desk, and their settings for admins."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import team_required
from complaints.models import Category
from customfields.definitions import (
    add_definition,
    delete_definition,
    set_definition_active,
    update_definition,
)
from customfields.models import AttributeDefinition, AttributeValue
from customfields.values import applicable_definitions, save_values
from desk.customfield_forms import ComplaintAttributesForm, DefinitionForm, EditDefinitionForm
from desk.views.complaints import visible_complaint_or_404
from desk.views.settings import admin_required


@team_required
def edit_attributes(request, reference):
    complaint = visible_complaint_or_404(request, reference)
    definitions = applicable_definitions(complaint.category_id, for_customer=False)
    stored = {
        value.definition_id: value
        for value in AttributeValue.objects.filter(complaint=complaint).select_related("attachment")
    }
    form = ComplaintAttributesForm(
        request.POST or None, request.FILES or None, definitions=definitions, stored=stored
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = save_values(complaint, form.values(), by=request.user, now=timezone.now())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changes:
                messages.success(request, _("Details saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("desk:complaint_detail", reference=reference)
    return render(
        request,
        "desk/complaint_attributes_edit.html",
        {"complaint": complaint, "form": form, "had_files": bool(request.FILES)},
    )


@admin_required
def field_settings(request):
    form = DefinitionForm(request.POST or None, initial={"category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        try:
            definition = add_definition(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Field “%(label)s” added.") % {"label": definition})
            return redirect("desk:field_settings")
    definitions = AttributeDefinition.objects.select_related("category").order_by(
        "category__position", "category__name", "position", "pk"
    )
    definitions = sorted(definitions, key=lambda d: d.category is not None)
    groups = [
        {"category": category, "definitions": list(items)}
        for category, items in groupby(definitions, key=lambda d: d.category)
    ]
    return render(
        request,
        "desk/field_settings.html",
        {
            "groups": groups,
            "form": form,
            "categories_exist": Category.objects.exists(),
        },
    )


@admin_required
def edit_field(request, pk):
    definition = get_object_or_404(AttributeDefinition, pk=pk)
    form = EditDefinitionForm(request.POST or None, definition=definition)
    if request.method == "POST" and form.is_valid():
        try:
            saved = update_definition(definition, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Field “%(label)s” saved.") % {"label": saved.label})
            return redirect("desk:field_settings")
    return render(request, "desk/field_edit.html", {"definition": definition, "form": form})


@admin_required
@require_POST
def toggle_field(request, pk):
    definition = get_object_or_404(AttributeDefinition, pk=pk)
    active = request.POST.get("active") == "1"
    set_definition_active(definition, active=active)
    if active:
        messages.success(request, _("“%(label)s” is asked again.") % {"label": definition})
    else:
        messages.success(
            request,
            _("“%(label)s” is switched off: no longer asked, its answers stay.")
            % {"label": definition},
        )
    return redirect("desk:field_settings")


@admin_required
def remove_field(request, pk):
    definition = get_object_or_404(AttributeDefinition, pk=pk)
    if request.method == "POST":
        try:
            delete_definition(definition)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Field removed."))
        return redirect("desk:field_settings")
    return render(
        request,
        "desk/field_remove.html",
        {"definition": definition, "answered": definition.values.exists()},
    )
