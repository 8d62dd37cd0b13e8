"""The detail page's "Related complaints" card (WF-9): reads and the reference field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.merging import linked_complaints
from complaints.models import TimelineEntry
from complaints.queries import visible_complaints
from reklamo.forms import Form


class ReferenceForm(Form):
    """A complaint reference typed by staff; only complaints they may see are found."""

    reference = forms.CharField(label=gettext_lazy("Reference"), max_length=20)

    def __init__(self, *args, user, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if label:
            self.fields["reference"].label = label

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        found = (
            visible_complaints(self.user)
            .select_related("customer", "owner", "merged_into")
            .filter(reference=reference)
            .first()
        )
        if found is None:
            # The same words for an unknown and an invisible reference: no hint of what exists.
            raise ValidationError(
                _("There is no complaint with the reference %(reference)s.")
                % {"reference": reference}
            )
        return found


def merging_context(complaint, user, *, timeline, stages):
    """What the detail page's "Related complaints" card and the merge banner need."""
    related = list(
        linked_complaints(complaint).filter(pk__in=visible_complaints(user).values("pk"))
    )
    for other in related:
        other.stage_info = stages.get(other.stage)
    merge_entry = None
    if complaint.merged_into_id:
        merge_entry = next(
            (
                entry
                for entry in reversed(timeline)
                if entry.kind == TimelineEntry.Kind.MERGED and entry.data.get("role") == "duplicate"
            ),
            None,
        )
    return {
        "related_complaints": related,
        "merge_entry": merge_entry,
    }
