"""The complaint list's columns: which exist, which a member of staff chose to see."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from desk.models import DeskPreferences


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sortable: bool = False
    # What a row of this column reads, joined or prefetched only when the column is shown.
    select_related: tuple = field(default=())
    prefetch_related: tuple = field(default=())


# In the order the table shows them; the reference is always first and cannot be hidden.
COLUMNS = {
    column.key: column
    for column in [
        Column("reference", _("Reference"), sortable=True),
        Column("received", _("Received"), sortable=True),
        Column("customer", _("Customer"), sortable=True, select_related=("customer",)),
        Column("product", _("Product")),
        Column("category", _("Category"), sortable=True, select_related=("category",)),
        Column("tags", _("Tags"), prefetch_related=("tags",)),
        Column("type", _("Type"), sortable=True),
        Column("stage", _("Stage"), sortable=True),
        Column("priority", _("Priority"), sortable=True),
        Column("channel", _("Channel")),
        Column("owner", _("Owner"), sortable=True, select_related=("owner",)),
        Column("age", _("Age")),
        Column(
            "due",
            _("Due"),
            sortable=True,
            select_related=("clock__policy", "clock__calendar", "clock__legal_rule"),
            prefetch_related=("clock__calendar__days_off",),
        ),
    ]
}
ALWAYS_SHOWN = "reference"
CHOOSABLE = [key for key in COLUMNS if key != ALWAYS_SHOWN]
DEFAULT_COLUMNS = [
    "received",
    "customer",
    "product",
    "stage",
    "priority",
    "channel",
    "owner",
    "due",
]


def chosen_column_keys(keys):
    """The known keys among `keys`, once each, in the table's order."""
    wanted = set(keys)
    return [key for key in CHOOSABLE if key in wanted]


def list_columns(user):
    """The columns `user` sees in the complaint list, the reference first."""
    preferences = DeskPreferences.objects.filter(user=user).first()
    keys = DEFAULT_COLUMNS if preferences is None else preferences.list_columns
    return [COLUMNS[ALWAYS_SHOWN], *(COLUMNS[key] for key in chosen_column_keys(keys))]


def choose_list_columns(user, *, keys):
    """Remember the columns `user` wants in the list; unknown keys are dropped."""
    chosen = chosen_column_keys(keys)
    DeskPreferences.objects.update_or_create(user=user, defaults={"list_columns": chosen})
    return chosen


def load_for_columns(complaints, columns):
    """Join and prefetch what the shown columns read, and nothing else."""
    joins = [name for column in columns for name in column.select_related]
    prefetches = [name for column in columns for name in column.prefetch_related]
    complaints = complaints.select_related(None)
    if joins:
        complaints = complaints.select_related(*joins)
    if prefetches:
        complaints = complaints.prefetch_related(*prefetches)
    return complaints
