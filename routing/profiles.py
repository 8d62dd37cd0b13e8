"""Changing routing's data (DL-4): the admin's rules, an agent's profile, absences, presence.

Each change locks the profile row it writes, so it waits for a registration that is routing
at that moment instead of changing a candidate under it.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from routing.models import Absence, AgentProfile, Presence, RoutingSettings
from routing.rules import ensure_profiles

# What agents may set themselves; "absent" is the admin's (with the absence calendar).
SELF_PRESENCE = (Presence.AVAILABLE, Presence.AWAY)


def save_settings(*, mode, match_categories, match_languages, respect_presence, sticky_owner):
    rules, _created = RoutingSettings.objects.update_or_create(
        pk=1,
        defaults={
            "mode": mode,
            "match_categories": match_categories,
            "match_languages": match_languages,
            "respect_presence": respect_presence,
            "sticky_owner": sticky_owner,
        },
    )
    return rules


def profile_for(user):
    """The user's profile, made with the defaults when missing."""
    ensure_profiles()
    return AgentProfile.objects.select_related("user").get(user=user)


def update_profile(profile, *, categories, languages, presence, receives_new_work):
    offered = dict(settings.LANGUAGES)
    unknown = [code for code in languages if code not in offered]
    if unknown:
        raise ValidationError(
            {"languages": _("Languages not offered: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    if presence not in Presence.values:
        raise ValidationError({"presence": _("Choose a presence from the list.")})
    with transaction.atomic():
        locked = AgentProfile.objects.select_for_update().get(pk=profile.pk)
        locked.languages = [code for code in offered if code in languages]
        locked.presence = presence
        locked.receives_new_work = receives_new_work
        locked.save(update_fields=["languages", "presence", "receives_new_work"])
        locked.categories.set(categories)
    return locked


def set_presence(user, presence):
    """An agent marks themselves available or away."""
    if not user.in_complaint_team:
        raise PermissionDenied(_("Only the complaint team receives work."))
    if presence not in SELF_PRESENCE:
        raise ValidationError(_("Choose available or away."))
    profile = profile_for(user)
    with transaction.atomic():
        AgentProfile.objects.select_for_update().filter(pk=profile.pk).update(presence=presence)
    profile.presence = presence
    return profile


def add_absence(user, *, first_day, last_day, note=""):
    errors = {}
    if first_day is None:
        errors["first_day"] = _("Give the first day of the absence.")
    if last_day is None:
        errors["last_day"] = _("Give the last day of the absence.")
    if not errors and last_day < first_day:
        errors["last_day"] = _("The last day cannot be before the first day.")
    if errors:
        raise ValidationError(errors)
    return Absence.objects.create(
        user=user, first_day=first_day, last_day=last_day, note=note.strip()
    )


def remove_absence(absence):
    absence.delete()
