"""The kanban board (WF-10)."""

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.roles import staff_required
from desk.board import (
    board_complaints,
    column_cards,
    column_counts,
    cursor_of,
    parse_cursor,
)
from desk.forms import BoardFilterForm
from workflow.models import Process
from workflow.queries import default_process, may_take, process_for_category


def complaints_url_prefix():
    """The prefix of a complaint's URLs; cards add the reference, saving a reverse() each."""
    return reverse("desk:complaint_detail", args=["RK"]).removesuffix("RK/")


def board_process(request, filters):
    """The process whose board is shown: the one asked for, else the filtered category's."""
    chosen = request.GET.get("process", "")
    if chosen.isdigit():
        process = Process.objects.filter(pk=int(chosen)).first()
        if process is not None:
            return process
    category = filters["category"]
    if category.isdigit():
        return process_for_category(int(category))
    return default_process()


@staff_required
def board(request):
    """WF-10: a column per stage; cards move by drag and drop or the keyboard."""
    filter_form = BoardFilterForm(request.GET)
    filters = filter_form.filters()
    order = filter_form.card_order()
    process = board_process(request, filters)
    complaints = board_complaints(request.user, process, **filters)
    counts = column_counts(complaints)
    columns = []
    for stage in process.stages.all():
        cards, more = column_cards(complaints, stage.key, order=order)
        columns.append(
            {
                "stage": stage,
                "cards": cards,
                "more": more,
                "cursor": cursor_of(cards[-1], order) if cards else "",
                "total": counts.get(stage.key, 0),
            }
        )
    # One query for every card's calendar days off (the due colours count business time).
    prefetch_related_objects(
        [card for column in columns for card in column["cards"]], "clock__calendar__days_off"
    )
    moves = {}
    for transition in process.transitions.select_related("source", "target"):
        if may_take(transition, request.user):
            moves.setdefault(transition.source.key, {})[transition.target.key] = {
                "label": str(transition.target.label),
                "reason": transition.requires_reason,
                # Moves made by a decision open the decision form instead.
                "decision": transition.decision_outcomes[0] if transition.decision_outcomes else "",
            }
    processes = list(Process.objects.all())
    query = request.GET.copy()
    query.pop("after", None)
    query["process"] = process.pk
    return render(
        request,
        "desk/board.html",
        {
            "columns": columns,
            "moves": moves,
            "filter_form": filter_form,
            "process": process,
            "processes": processes if len(processes) > 1 else [],
            "filters": query.urlencode(),
            "now": timezone.now(),
            "complaints_url": complaints_url_prefix(),
        },
    )


@staff_required
def board_column(request, stage):
    """htmx: the next page of one column."""
    filter_form = BoardFilterForm(request.GET)
    filters = filter_form.filters()
    order = filter_form.card_order()
    process = board_process(request, filters)
    complaints = board_complaints(request.user, process, **filters)
    stage_obj = get_object_or_404(process.stages, key=stage)
    after = parse_cursor(request.GET.get("after"), order)
    cards, more = column_cards(complaints, stage, after=after, order=order)
    prefetch_related_objects(cards, "clock__calendar__days_off")
    filters = request.GET.copy()
    filters.pop("after", None)
    return render(
        request,
        "desk/board.html#column_page",
        {
            "column": {
                "stage": stage_obj,
                "cards": cards,
                "more": more,
                "cursor": cursor_of(cards[-1], order) if cards else "",
            },
            "filters": filters.urlencode(),
            "now": timezone.now(),
            "complaints_url": complaints_url_prefix(),
        },
    )
