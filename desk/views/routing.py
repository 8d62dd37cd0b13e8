"""Settings: automatic routing (DL-4). Admins set the rules and the agents' profiles;
managers see who is present; every team member marks themselves available or away."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.roles import staff_required, team_required
from desk.routing_forms import AbsenceForm, AgentProfileForm, RoutingSettingsForm
from routing.models import Absence, AgentProfile
from routing.profiles import (
    add_absence,
    remove_absence,
    save_settings,
    set_presence,
    update_profile,
)
from routing.rules import current_settings, ensure_profiles, queued_complaints, route_queue


def _refuse_unless(request, *roles):
    if request.user.role not in roles:
        raise PermissionDenied


@staff_required
def routing_settings(request):
    """The rules (admins change them) and every agent's profile (managers read them)."""
    _refuse_unless(request, Role.ADMIN, Role.MANAGER)
    is_admin = request.user.role == Role.ADMIN
    rules = current_settings()
    form = RoutingSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "mode": rules.mode,
            "match_categories": rules.match_categories,
            "match_languages": rules.match_languages,
            "respect_presence": rules.respect_presence,
            "sticky_owner": rules.sticky_owner,
        },
    )
    if request.method == "POST":
        _refuse_unless(request, Role.ADMIN)
        if form.is_valid():
            save_settings(**form.cleaned_data)
            messages.success(request, _("Routing settings saved."))
            return redirect("desk:routing_settings")
    ensure_profiles()
    today = timezone.localdate()
    profiles = (
        AgentProfile.objects.filter(user__is_active=True)
        .select_related("user")
        .prefetch_related(
            "categories",
            Prefetch(
                "user__absences",
                queryset=Absence.objects.filter(last_day__gte=today),
                to_attr="coming_absences",
            ),
        )
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    agents = [
        {"profile": profile, "absent_today": _absent_on(profile.user.coming_absences, today)}
        for profile in profiles
    ]
    return render(
        request,
        "desk/routing_settings.html",
        {
            "form": form,
            "rules": rules,
            "agents": agents,
            "is_admin": is_admin,
            "settings_page": "routing",
            "queued": queued_complaints().count(),
        },
    )


@staff_required
@require_POST
def route_shared_queue(request):
    """Managers and admins: route what waits in the shared queue now."""
    _refuse_unless(request, Role.ADMIN, Role.MANAGER)
    if not current_settings().is_on:
        messages.error(request, _("Routing is off: switch it on first."))
        return redirect("desk:routing_settings")
    routed, left = route_queue(now=timezone.now())
    messages.success(
        request,
        _("Routed %(routed)d complaints; %(left)d stay in the shared queue (nobody fits them).")
        % {"routed": routed, "left": left},
    )
    return redirect("desk:routing_settings")


def _absent_on(absences, day):
    return any(absence.first_day <= day <= absence.last_day for absence in absences)


@staff_required
def edit_agent(request, pk):
    """One agent's profile and absences."""
    _refuse_unless(request, Role.ADMIN)
    profile = _profile_or_404(pk)
    form = AgentProfileForm(
        request.POST if request.method == "POST" else None,
        initial={
            "categories": list(profile.categories.all()),
            "languages": profile.languages,
            "presence": profile.presence,
            "receives_new_work": profile.receives_new_work,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_profile(profile, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(agent)s saved.") % {"agent": profile.user})
            return redirect("desk:routing_settings")
    return _agent_page(request, profile, form=form, absence_form=AbsenceForm())


def _profile_or_404(user_id):
    ensure_profiles()
    return get_object_or_404(AgentProfile.objects.select_related("user"), user_id=user_id)


def _agent_page(request, profile, *, form, absence_form):
    absences = Absence.objects.filter(
        user=profile.user, last_day__gte=timezone.localdate()
    ).order_by("first_day", "pk")
    return render(
        request,
        "desk/routing_agent.html",
        {
            "profile": profile,
            "form": form,
            "absence_form": absence_form,
            "absences": absences,
            "settings_page": "routing",
        },
    )


@require_POST
@staff_required
def add_agent_absence(request, pk):
    _refuse_unless(request, Role.ADMIN)
    profile = _profile_or_404(pk)
    absence_form = AbsenceForm(request.POST)
    if absence_form.is_valid():
        try:
            add_absence(profile.user, **absence_form.cleaned_data)
        except ValidationError as error:
            absence_form.add_error(None, error)
        else:
            messages.success(request, _("Absence added."))
            return redirect("desk:routing_agent", pk=pk)
    form = AgentProfileForm(
        initial={
            "categories": list(profile.categories.all()),
            "languages": profile.languages,
            "presence": profile.presence,
            "receives_new_work": profile.receives_new_work,
        }
    )
    return _agent_page(request, profile, form=form, absence_form=absence_form)


@staff_required
def remove_agent_absence(request, pk):
    """GET asks to confirm; only POST removes."""
    _refuse_unless(request, Role.ADMIN)
    absence = get_object_or_404(Absence.objects.select_related("user"), pk=pk)
    if request.method == "POST":
        remove_absence(absence)
        messages.success(request, _("Absence removed."))
        return redirect("desk:routing_agent", pk=absence.user_id)
    return render(request, "desk/routing_absence_delete.html", {"absence": absence})


@require_POST
@team_required
def presence(request):
    """A team member marks themselves available or away, from any desk page."""
    try:
        set_presence(request.user, request.POST.get("presence", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("desk:complaint_list")
    return redirect(back)
