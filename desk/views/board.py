"""The kanban board (WF-10)."""

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
from desk.forms import staff_members
from workflow.queries import (
    default_process,
    may_take,
)


def complaints_url_prefix():
    """The prefix of a complaint's URLs; cards add the reference, saving a reverse() each."""
    return reverse("desk:complaint_detail", args=["RK"]).removesuffix("RK/")


@staff_required
def board(request):
    """WF-10: a column per stage; cards move by drag and drop or the keyboard."""
    process = default_process()
    only_mine = request.GET.get("mine") == "on"
    owner = request.GET.get("owner", "")
    complaints = board_complaints(request.user, only_mine=only_mine, owner=owner)
    counts = column_counts(complaints)
    columns = []
    for stage in process.stages.all():
        cards, more = column_cards(complaints, stage.key)
        columns.append(
            {
                "stage": stage,
                "cards": cards,
                "more": more,
                "cursor": cursor_of(cards[-1]) if cards else "",
                "total": counts.get(stage.key, 0),
            }
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
    filters = request.GET.copy()
    filters.pop("after", None)
    return render(
        request,
        "desk/board.html",
        {
            "columns": columns,
            "moves": moves,
            "only_mine": only_mine,
            "owner": owner,
            "staff": staff_members(),
            "filters": filters.urlencode(),
            "now": timezone.now(),
            "complaints_url": complaints_url_prefix(),
        },
    )


@staff_required
def board_column(request, stage):
    """htmx: the next page of one column."""
    complaints = board_complaints(
        request.user, only_mine=request.GET.get("mine") == "on", owner=request.GET.get("owner", "")
    )
    stage_obj = get_object_or_404(default_process().stages, key=stage)
    cards, more = column_cards(complaints, stage, after=parse_cursor(request.GET.get("after")))
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
                "cursor": cursor_of(cards[-1]) if cards else "",
            },
            "filters": filters.urlencode(),
            "now": timezone.now(),
            "complaints_url": complaints_url_prefix(),
        },
    )
