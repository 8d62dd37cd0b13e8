"""Who gets a new complaint (DL-4): the one function registration calls for every channel.

Eligible are active members of the complaint team whose profile says they receive new work
(agents by default; a manager or admin only when their profile is ticked), then — as the
admin's switches say — present (not away or absent, not inside a planned absence on the local
date of `now`), handling the complaint's category and speaking its language. Among them the
customer's previous agent first (sticky owner), else round robin or least open load.

The choice is a pure function of the data and `now`. The candidates' profile rows are locked
for the rest of the caller's transaction, so two registrations at once see each other's
choice: round robin rotates and "least loaded" counts the other's complaint.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import TEAM_ROLES, Role
from accounts.roles import managers_to_alert
from complaints.models import Complaint, TimelineEntry
from complaints.ownership import route_to
from complaints.timeline import record_event
from notifications.alerts import alert_staff
from routing.models import Absence, AgentProfile, Mode, Presence, RoutingSettings
from workflow.models import Stage

STICKY = "sticky"


def current_settings():
    """The routing settings; unsaved defaults (routing off) until an admin saves them."""
    return RoutingSettings.objects.filter(pk=1).first() or RoutingSettings(pk=1)


def ensure_profiles():
    """Give every active complaint-team member a profile, so routing and the settings page
    see them all. Agents receive new work from the start; managers and admins do not until
    an admin says so. One query when nothing is missing."""
    User = get_user_model()
    missing = User.objects.filter(
        is_active=True, role__in=TEAM_ROLES, routing_profile__isnull=True
    ).only("pk", "role")
    AgentProfile.objects.bulk_create(
        [AgentProfile(user=user, receives_new_work=user.role == Role.AGENT) for user in missing],
        ignore_conflicts=True,
    )


def queued_complaints():
    """Open complaints nobody owns (the shared queue), oldest first; merged ones excluded."""
    final_keys = Stage.objects.filter(is_final=True).values("key")
    return (
        Complaint.objects.filter(owner__isnull=True, merged_into__isnull=True)
        .exclude(stage__in=final_keys)
        .order_by("received_at", "pk")
    )


def route_queue(*, now, limit=500):
    """Route what waits in the shared queue, oldest first (after routing was switched on,
    or agents came back). Returns (routed, left). Complaints nobody can take stay queued
    without a new alert each: the manager started this and reads the summary."""
    routed = left = 0
    if not current_settings().is_on:
        return routed, left
    for complaint in queued_complaints()[:limit]:
        if route_complaint(complaint, now=now, alert=False):
            routed += 1
        else:
            left += 1
    return routed, left


def route_complaint(complaint, *, now, alert=True):
    """Give a new complaint an owner by the admin's rules; return the owner, or None.

    Routing off, or a complaint that has an owner already: nothing happens. No eligible
    agent: the complaint stays in the shared queue, an internal timeline entry says why and
    the managers are alerted (once per complaint).
    """
    rules = current_settings()
    if not rules.is_on or complaint.owner_id is not None:
        return None
    with transaction.atomic():
        ensure_profiles()
        profiles = _locked_profiles()
        today = timezone.localdate(now)
        absent = set(
            Absence.objects.filter(
                user_id__in=[profile.user_id for profile in profiles],
                first_day__lte=today,
                last_day__gte=today,
            ).values_list("user_id", flat=True)
        )
        eligible = [profile for profile in profiles if _eligible(profile, complaint, rules, absent)]
        matched = _matched(complaint, rules)
        if not eligible:
            if alert:
                _leave_in_queue(complaint, rules, matched, now=now)
            return None
        chosen, rule = _choose(complaint, eligible, rules)
        chosen.turn = max(profile.turn for profile in profiles) + 1
        chosen.last_routed_at = now
        chosen.save(update_fields=["turn", "last_routed_at"])
        route_to(complaint, to=chosen.user, now=now, rule={**rule, **matched})
        complaint.owner = chosen.user
        return chosen.user


def describe_match(*, category="", language=""):
    """ "handles Goods, speaks Polish": what the chosen agent matched, in the reader's
    language. Shared by the timeline and the manager's alert."""
    parts = []
    if category:
        parts.append(_("handles %(category)s") % {"category": category})
    if language:
        parts.append(_("speaks %(language)s") % {"language": language_name(language)})
    return ", ".join(parts)


def language_name(code):
    names = dict(settings.LANGUAGES)
    return str(names.get(code, code))


def _locked_profiles():
    # of=("self",): lock the profiles, not the users they join. Ordered by pk, so two
    # transactions take the locks in one order and never deadlock.
    return list(
        AgentProfile.objects.select_for_update(of=("self",))
        .filter(receives_new_work=True, user__is_active=True, user__role__in=TEAM_ROLES)
        .select_related("user")
        .prefetch_related("categories")
        .order_by("pk")
    )


def _eligible(profile, complaint, rules, absent):
    if rules.respect_presence and (
        profile.presence != Presence.AVAILABLE or profile.user_id in absent
    ):
        return False
    if rules.match_categories and complaint.category_id is not None:
        handled = {category.pk for category in profile.categories.all()}
        if handled and complaint.category_id not in handled:
            return False
    return not (
        rules.match_languages and profile.languages and complaint.language not in profile.languages
    )


def _matched(complaint, rules):
    """What the rules required, kept on the timeline: the category's name and the language."""
    return {
        "category": complaint.category.name
        if rules.match_categories and complaint.category_id
        else "",
        "language": complaint.language if rules.match_languages else "",
    }


def _choose(complaint, eligible, rules):
    """The profile to route to and the rule that chose it, as timeline data."""
    by_user = {profile.user_id: profile for profile in eligible}
    if rules.sticky_owner:
        previous = (
            Complaint.objects.filter(customer_id=complaint.customer_id, owner__isnull=False)
            .exclude(pk=complaint.pk)
            .order_by("-received_at", "-pk")
            .values_list("owner_id", "reference")
            .first()
        )
        if previous and previous[0] in by_user:
            return by_user[previous[0]], {"rule": STICKY, "previous_reference": previous[1]}
    if rules.mode == Mode.LEAST_LOAD:
        loads = _open_loads(by_user)
        chosen = min(eligible, key=lambda p: (loads.get(p.user_id, 0), p.turn, p.pk))
        return chosen, {"rule": Mode.LEAST_LOAD.value, "open": loads.get(chosen.user_id, 0)}
    chosen = min(eligible, key=lambda p: (p.turn, p.pk))
    return chosen, {"rule": Mode.ROUND_ROBIN.value}


def _open_loads(user_ids):
    """Open complaints per owner: not in a final stage, not merged away. One query."""
    final_keys = list(Stage.objects.filter(is_final=True).values_list("key", flat=True))
    return dict(
        Complaint.objects.filter(owner_id__in=list(user_ids), merged_into__isnull=True)
        .exclude(stage__in=final_keys)
        .values("owner_id")
        .annotate(count=Count("pk"))
        .values_list("owner_id", "count")
    )


def _leave_in_queue(complaint, rules, matched, *, now):
    record_event(complaint, TimelineEntry.Kind.ASSIGNED, at=now, how="not_routed", **matched)
    managers = managers_to_alert()
    with translation.override(settings.LANGUAGE_CODE):
        text = not_routed_text(**matched)
        subject = _("Not routed: %(reference)s") % {"reference": complaint.reference}
    for manager in managers:
        alert_staff(
            manager,
            kind="routing_failed",
            key=f"routing_failed:{complaint.pk}",
            text=text,
            now=now,
            complaint=complaint,
            subject=subject,
        )


def not_routed_text(*, category="", language=""):
    """Why a complaint stayed in the shared queue, in the active language."""
    values = {"category": category, "language": language_name(language)}
    if category and language:
        text = _("No agent available who handles %(category)s and speaks %(language)s.")
    elif category:
        text = _("No agent available who handles %(category)s.")
    elif language:
        text = _("No agent available who speaks %(language)s.")
    else:
        text = _("No agent available.")
    return " ".join([text % values, _("The complaint waits in the shared queue.")])


def routed_text(data):
    """The rule of a routed timeline entry in readable words, in the active language:
    "Routed by least open load (3 open): handles Goods, speaks Polish"."""
    rule = data.get("rule")
    if rule == STICKY:
        text = _("Routed to the customer's previous agent (%(reference)s)") % {
            "reference": data.get("previous_reference", "")
        }
    elif rule == Mode.LEAST_LOAD:
        text = _("Routed by least open load (%(count)s open)") % {"count": data.get("open", 0)}
    else:
        text = _("Routed by round robin")
    match = describe_match(category=data.get("category", ""), language=data.get("language", ""))
    return f"{text}: {match}" if match else text
