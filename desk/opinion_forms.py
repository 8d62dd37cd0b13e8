"""Forms for expert opinions (WF-6) and departments. The rules live in
consultations.opinions and accounts.departments."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from reklamo.forms import Form


def active_staff():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "username")


def staff_label(user):
    return f"{user} · {user.get_role_display()}"


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return staff_label(user)


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return staff_label(user)


class OpinionRequestForm(Form):
    specialist = StaffChoiceField(
        label=_("Ask a person"),
        queryset=active_staff(),
        required=False,
        empty_label="—",
    )
    department = forms.ModelChoiceField(
        label=_("or a department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label="—",
    )
    question = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff read it. The customer is told an expert is involved and when."),
    )
    due = forms.DateField(
        label=_("Answer due"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Querysets are evaluated per form, so new staff and departments show up.
        self.fields["specialist"].queryset = active_staff()
        self.fields["department"].queryset = Department.objects.all()


class OpinionAnswerForm(Form):
    answer = forms.CharField(
        label=_("Your opinion"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Goes on the complaint's timeline for staff; the customer does not see it."),
    )


class DepartmentForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    members = StaffMultipleChoiceField(
        label=_("Members"),
        queryset=active_staff(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = active_staff()


DEFAULT_DUE_DAYS = 5
ASK_PREFIX = "opinion"


def new_request_form(data=None):
    """The form to ask for an opinion; the answer is due in five days unless changed."""
    return OpinionRequestForm(
        data,
        prefix=ASK_PREFIX,
        initial={"due": timezone.localdate() + timedelta(days=DEFAULT_DUE_DAYS)},
    )
