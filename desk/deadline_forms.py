"""Forms of the deadline settings (DL-1, DL-2): service levels, calendars, legal rules."""

import zoneinfo
from functools import cache

import holidays
from django import forms
from django.utils.translation import gettext_lazy as _

from deadlines.models import WEEKDAYS, Calendar, DayOff, LegalProfile, LegalRule, SlaPolicy


@cache
def supported_countries():
    return holidays.list_supported_countries()


class SlaPolicyForm(forms.ModelForm):
    first_response_hours = forms.IntegerField(
        label=_("First response (hours)"), min_value=1, max_value=24 * 365
    )
    resolution_hours = forms.IntegerField(
        label=_("Resolution (business hours)"),
        min_value=1,
        max_value=24 * 365,
        help_text=_("Counted in the calendar's working hours: 40 is five days of eight hours."),
    )
    warn_at_percent = forms.IntegerField(
        label=_("Warn the owner when this much of the time is used (percent)"),
        min_value=1,
        max_value=99,
    )

    class Meta:
        model = SlaPolicy
        fields = [
            "name",
            "category",
            "priority",
            "customer_type",
            "first_response_hours",
            "resolution_hours",
            "calendar",
            "warn_at_percent",
            "is_active",
        ]
        help_texts = {
            "category": _("Empty: every category."),
            "priority": _("Empty: every priority."),
            "customer_type": _("The most specific active policy applies to a complaint."),
        }


class CalendarForm(forms.ModelForm):
    working_weekdays = forms.TypedMultipleChoiceField(
        label=_("Working weekdays"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Calendar
        fields = [
            "name",
            "country",
            "subdivision",
            "time_zone",
            "working_weekdays",
            "work_starts",
            "work_ends",
        ]
        widgets = {
            "work_starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "work_ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if country not in supported_countries():
            raise forms.ValidationError(
                _("No public holidays are known for “%(country)s”; use a code such as PL or GB."),
                params={"country": country},
            )
        return country

    def clean_time_zone(self):
        zone = self.cleaned_data["time_zone"].strip()
        if zone not in zoneinfo.available_timezones():
            raise forms.ValidationError(_("Choose a time zone such as Europe/Warsaw."))
        return zone

    def clean(self):
        data = super().clean()
        country, subdivision = data.get("country"), data.get("subdivision", "").strip().upper()
        if country and subdivision and subdivision not in supported_countries()[country]:
            self.add_error(
                "subdivision",
                _("%(country)s has no region “%(subdivision)s”; known: %(known)s.")
                % {
                    "country": country,
                    "subdivision": subdivision,
                    "known": ", ".join(supported_countries()[country]) or "—",
                },
            )
        data["subdivision"] = subdivision
        return data


class DayOffForm(forms.ModelForm):
    class Meta:
        model = DayOff
        fields = ["date", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class LegalRuleForm(forms.ModelForm):
    days = forms.IntegerField(label=_("Calendar days"), min_value=1, max_value=3650)
    extended_days = forms.IntegerField(
        label=_("Calendar days in a complex case"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("The longer term the law allows when the customer is told why."),
    )

    class Meta:
        model = LegalRule
        fields = [
            "name",
            "jurisdiction",
            "customer_type",
            "subject",
            "remedy",
            "days",
            "extended_days",
            "moves_off_non_working_day",
            "stops_at",
            "consequence",
            "description",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def clean_jurisdiction(self):
        code = self.cleaned_data["jurisdiction"].strip().upper()
        if code and code not in supported_countries():
            raise forms.ValidationError(_("Use a country code such as PL, or leave it empty."))
        return code

    def clean(self):
        data = super().clean()
        days, extended = data.get("days"), data.get("extended_days")
        if days and extended and extended <= days:
            self.add_error(
                "extended_days", _("The term in a complex case must be longer than the usual one.")
            )
        return data


class LegalProfileForm(forms.ModelForm):
    class Meta:
        model = LegalProfile
        fields = ["financial_market_entity"]
