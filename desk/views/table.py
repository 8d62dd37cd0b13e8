"""The complaint list as a table (WF-10): column chooser, saved filters, bulk actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import staff_required
from desk.columns import choose_list_columns
from desk.forms import BulkActionForm, ColumnChoiceForm, ComplaintFilterForm, SavedFilterForm
from desk.models import SavedFilter
from desk.saved_filters import delete_filter, rename_filter, save_filter, saved_filters
from workflow import bulk
from workflow.queries import default_stages

BULK_SUMMARY = "desk_bulk_summary"


def table_context(request, *, filter_form, columns, sort_links, stages, partial):
    """What the list page needs besides the rows: the user's columns, their saved filters
    (the current one marked), the bulk action form and the summary of the last bulk action."""
    current_query = filter_form.query_string()
    filters = list(saved_filters(request.user))
    for saved in filters:
        saved.is_current = saved.query == current_query
    shown = [column.key for column in columns]
    return {
        "columns": columns,
        "headers": [
            {"column": column, "link": sort_links.get(column.key) if column.sortable else None}
            for column in columns
        ],
        "column_form": ColumnChoiceForm(initial={"columns": shown[1:]}),
        "saved_filters": filters,
        "current_query": current_query,
        "save_filter_form": SavedFilterForm(),
        "bulk_form": BulkActionForm(user=request.user, stages=stages),
        "bulk_summary": None if partial else request.session.pop(BULK_SUMMARY, None),
        "now": timezone.now(),
    }


def back_to_list(request):
    """Where the list was: the `next` the form carried, if it is ours; else the list."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("desk:complaint_list")


@staff_required
@require_POST
def choose_columns(request):
    form = ColumnChoiceForm(request.POST)
    if form.is_valid():
        choose_list_columns(request.user, keys=form.cleaned_data["columns"])
        messages.success(request, _("Columns saved."))
    else:
        messages.error(request, _("Choose columns from the list."))
    return back_to_list(request)


# --- Saved filters ------------------------------------------------------------------------


def normalised_query(query):
    """A query string as the list's filter form understands it; anything else is dropped."""
    return ComplaintFilterForm(QueryDict(query), stages=default_stages()).query_string()


@staff_required
def saved_filter_list(request):
    """The user's saved filters, to rename or delete; also where a failed save shows why."""
    return render_saved_filters(request)


def render_saved_filters(request, *, new_form=None, query="", renaming=None, status=200):
    filters = list(saved_filters(request.user))
    for saved in filters:
        if renaming is not None and saved.pk == renaming.pk:
            saved.rename_form = renaming.form
        else:
            saved.rename_form = SavedFilterForm(initial={"name": saved.name}, prefix=saved.pk)
    return render(
        request,
        "desk/saved_filters.html",
        {"filters": filters, "new_form": new_form, "query": query},
        status=status,
    )


@staff_required
@require_POST
def save_current_filter(request):
    query = normalised_query(request.POST.get("query", ""))
    form = SavedFilterForm(request.POST)
    if form.is_valid():
        try:
            saved = save_filter(
                request.user, name=form.cleaned_data["name"], query=query, now=timezone.now()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Filters saved as “%(name)s”.") % {"name": saved.name})
            return redirect(f"{reverse('desk:complaint_list')}?{saved.query}")
    return render_saved_filters(request, new_form=form, query=query, status=400)


@staff_required
@require_POST
def rename_saved_filter(request, pk):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    form = SavedFilterForm(request.POST, prefix=saved.pk)
    if form.is_valid():
        old_name = saved.name
        try:
            rename_filter(saved, name=form.cleaned_data["name"])
        except ValidationError as error:
            saved.name = old_name
            form.add_error(None, error)
        else:
            messages.success(request, _("Renamed to “%(name)s”.") % {"name": saved.name})
            return redirect("desk:saved_filters")
    saved.form = form
    return render_saved_filters(request, renaming=saved, status=400)


@staff_required
def delete_saved_filter(request, pk):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    if request.method == "POST":
        delete_filter(saved)
        messages.success(request, _("Deleted “%(name)s”.") % {"name": saved.name})
        return redirect("desk:saved_filters")
    return render(request, "desk/saved_filter_delete.html", {"saved": saved})


# --- Bulk actions -------------------------------------------------------------------------

DONE = {
    "move": lambda count: ngettext("%(count)d moved", "%(count)d moved", count),
    "assign": lambda count: ngettext("%(count)d assigned", "%(count)d assigned", count),
    "take": lambda count: ngettext("%(count)d taken", "%(count)d taken", count),
    "tag": lambda count: ngettext("%(count)d tagged", "%(count)d tagged", count),
}


@staff_required
@require_POST
def bulk_action(request):
    """Run one action on the ticked complaints; the list then shows what happened to each."""
    form = BulkActionForm(request.POST, user=request.user, stages=default_stages())
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return back_to_list(request)
    data = form.cleaned_data
    ids, action, now = data["complaints"], data["action"], timezone.now()
    try:
        if action == "move":
            result = bulk.move_complaints(
                ids,
                to=data["stage"],
                by=request.user,
                now=now,
                seen_stages=data["seen_stages"],
                reason=data["reason"],
            )
        elif action == "assign":
            result = bulk.assign_complaints(ids, to=form.owner_choice(), by=request.user, now=now)
        elif action == "take":
            result = bulk.take_complaints(ids, by=request.user, now=now)
        else:
            result = bulk.tag_complaints(
                ids, names=data["tags"].split(","), by=request.user, now=now
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return back_to_list(request)
    request.session[BULK_SUMMARY] = bulk_summary(result, action)
    return back_to_list(request)


def bulk_summary(result, action):
    """ "5 moved; 2 refused:" and each refused complaint with the reason, for the list."""
    done = DONE[action](len(result.done)) % {"count": len(result.done)}
    if not result.refused:
        text = _("%(done)s.") % {"done": done}
    else:
        refused = ngettext("%(count)d refused", "%(count)d refused", len(result.refused)) % {
            "count": len(result.refused)
        }
        text = _("%(done)s; %(refused)s:") % {"done": done, "refused": refused}
    return {
        "text": text,
        "refused": [[outcome.label, outcome.message] for outcome in result.refused],
    }
