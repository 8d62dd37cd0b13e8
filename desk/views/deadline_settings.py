"""Settings: service levels, business calendars and legal terms (DL-1, DL-2), for admins.

Saving any of them recomputes the due dates of the open complaints in the worker
(deadlines.configuration), so the page says so instead of making the admin wait.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from deadlines.configuration import (
    add_day_off,
    make_default_calendar,
    remove_day_off,
    save_legal_profile,
    save_settings,
)
from deadlines.models import Calendar, DayOff, LegalProfile, LegalRule, SlaPolicy
from desk.deadline_forms import (
    CalendarForm,
    DayOffForm,
    LegalProfileForm,
    LegalRuleForm,
    SlaPolicyForm,
)
from desk.views.settings import admin_required

RECOMPUTING = gettext_lazy(
    "Saved. The due dates of open complaints are being recomputed in the background."
)


@admin_required
def deadline_settings(request):
    # An unticked box posts nothing: an empty POST is still a submission.
    data = request.POST if request.method == "POST" else None
    profile_form = LegalProfileForm(data, instance=LegalProfile.current())
    if request.method == "POST" and profile_form.is_valid():
        save_legal_profile(**profile_form.cleaned_data)
        messages.success(request, RECOMPUTING)
        return redirect("desk:deadline_settings")
    return render(
        request,
        "desk/deadline_settings.html",
        {
            "profile_form": profile_form,
            "policies": SlaPolicy.objects.select_related("category", "calendar"),
            "calendars": Calendar.objects.annotate(days_off_count=Count("days_off")),
            "rules": LegalRule.objects.all(),
        },
    )


def _edit(request, *, form_class, instance, template, title):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save_settings(form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, RECOMPUTING)
            return redirect("desk:deadline_settings")
    return render(request, template, {"form": form, "object": instance, "title": title})


@admin_required
def edit_policy(request, pk=None):
    policy = get_object_or_404(SlaPolicy, pk=pk) if pk else SlaPolicy()
    return _edit(
        request,
        form_class=SlaPolicyForm,
        instance=policy,
        template="desk/deadline_edit.html",
        title=policy.name if pk else _("New service level policy"),
    )


@admin_required
def edit_legal_rule(request, pk=None):
    rule = get_object_or_404(LegalRule, pk=pk) if pk else LegalRule()
    return _edit(
        request,
        form_class=LegalRuleForm,
        instance=rule,
        template="desk/deadline_edit.html",
        title=rule.name if pk else _("New legal term"),
    )


@admin_required
def edit_calendar(request, pk=None):
    calendar = get_object_or_404(Calendar, pk=pk) if pk else Calendar()
    form = CalendarForm(request.POST or None, instance=calendar, prefix="calendar")
    day_form = DayOffForm(prefix="day")
    if request.method == "POST" and "add_day" in request.POST and pk:
        form = CalendarForm(instance=calendar, prefix="calendar")
        day_form = DayOffForm(request.POST, prefix="day")
        if day_form.is_valid():
            try:
                add_day_off(calendar, **day_form.cleaned_data)
            except ValidationError as error:
                day_form.add_error(None, error)
            else:
                messages.success(request, RECOMPUTING)
                return redirect("desk:edit_calendar", pk=calendar.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            save_settings(form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, RECOMPUTING)
            return redirect("desk:edit_calendar", pk=calendar.pk)
    return render(
        request,
        "desk/calendar_edit.html",
        {
            "form": form,
            "day_form": day_form,
            "calendar": calendar,
            "days_off": calendar.days_off.all() if pk else [],
        },
    )


@admin_required
@require_POST
def remove_calendar_day_off(request, pk):
    day = get_object_or_404(DayOff, pk=pk)
    calendar_pk = day.calendar_id
    remove_day_off(day)
    messages.success(request, RECOMPUTING)
    return redirect("desk:edit_calendar", pk=calendar_pk)


@admin_required
@require_POST
def set_default_calendar(request, pk):
    calendar = get_object_or_404(Calendar, pk=pk)
    make_default_calendar(calendar)
    messages.success(request, RECOMPUTING)
    return redirect("desk:deadline_settings")
