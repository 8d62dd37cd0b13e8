from django import forms
from django.utils.translation import gettext_lazy as _

from reklamo.forms import Form
from surveys.answers import COMMENT_MAX_LENGTH

SCORE_CHOICES = [
    ("1", _("1 — Very dissatisfied")),
    ("2", _("2 — Dissatisfied")),
    ("3", _("3 — Neither satisfied nor dissatisfied")),
    ("4", _("4 — Satisfied")),
    ("5", _("5 — Very satisfied")),
]
SCORE_ERROR = _("Choose a score from 1 to 5.")


class SurveyForm(Form):
    score = forms.ChoiceField(
        label=_("How satisfied are you with how we handled your complaint?"),
        choices=SCORE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell us?"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
