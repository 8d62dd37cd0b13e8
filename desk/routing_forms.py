"""Forms of the routing settings (DL-4): the rules, an agent's profile, an absence."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from complaints.models import Category
from reklamo.forms import Form
from routing.models import Mode, Presence


class RoutingSettingsForm(Form):
    mode = forms.ChoiceField(label=_("Routing"), choices=Mode.choices, widget=forms.RadioSelect)
    match_categories = forms.BooleanField(
        label=_("Match skills: only agents who handle the complaint's category"), required=False
    )
    match_languages = forms.BooleanField(
        label=_("Match languages: only agents who speak the complaint's language"),
        required=False,
    )
    respect_presence = forms.BooleanField(
        label=_("Respect presence: skip agents who are away, absent or on a planned absence"),
        required=False,
    )
    sticky_owner = forms.BooleanField(
        label=_("Sticky owner: a returning customer goes to their previous agent when eligible"),
        required=False,
    )


class AgentProfileForm(Form):
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories handled"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every category."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any language."),
    )
    presence = forms.ChoiceField(label=_("Presence"), choices=Presence.choices)
    receives_new_work = forms.BooleanField(label=_("Receives new work"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = Category.objects.all()


class AbsenceForm(Form):
    first_day = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    last_day = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
