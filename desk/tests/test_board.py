from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.customers import Contact
from complaints.ownership import take_complaint
from desk.board import COLUMN_PAGE, cursor_of
from workflow.transitions import move_complaint

BOARD = "/desk/board/"


def cards(response, stage):
    column = next(c for c in response.context["columns"] if c["stage"].key == stage)
    return [complaint.reference for complaint in column["cards"]], column


def test_board_has_a_column_per_stage_with_cards_and_counts(client, register, agent, now):
    fresh = register()
    checked = register()
    move_complaint(checked, to="verification", by=agent, now=now)
    client.force_login(agent)

    response = client.get(BOARD)

    keys = [column["stage"].key for column in response.context["columns"]]
    assert keys[0] == "new"
    assert {"verification", "decision", "closed", "rejected"} <= set(keys)
    assert cards(response, "new")[0] == [fresh.reference]
    assert cards(response, "verification")[1]["total"] == 1
    html = response.content.decode()
    assert f'data-reference="{checked.reference}" data-stage="verification"' in html
    assert 'id="board-moves"' in html


def test_board_only_offers_the_moves_the_users_role_may_make(client, register, agent, manager):
    client.force_login(agent)
    agent_moves = client.get(BOARD).context["moves"]
    client.force_login(manager)
    manager_moves = client.get(BOARD).context["moves"]

    assert "closed" not in agent_moves
    assert manager_moves["closed"] == {
        "verification": {"label": "Verification", "reason": True, "decision": ""}
    }
    assert agent_moves["decision"]["resolution"]["decision"] == "accepted"
    assert agent_moves["new"]["rejected"]["reason"] is True


def test_columns_load_more_with_a_cursor(client, register, agent, now):
    made = [
        register(received_at=now - timedelta(minutes=n), submission_key=f"k{n}")
        for n in range(COLUMN_PAGE + 5)
    ]
    client.force_login(agent)

    first, column = cards(client.get(BOARD), "new")
    assert first == [c.reference for c in made[:COLUMN_PAGE]]
    assert column["more"]
    assert column["total"] == COLUMN_PAGE + 5

    rest = client.get(reverse("desk:board_column", args=["new"]), {"after": column["cursor"]})
    assert [c.reference for c in rest.context["column"]["cards"]] == [
        c.reference for c in made[COLUMN_PAGE:]
    ]
    assert not rest.context["column"]["more"]
    assert "<html" not in rest.content.decode()


def test_a_malformed_cursor_starts_from_the_top(client, register, agent):
    complaint = register()
    client.force_login(agent)

    response = client.get(reverse("desk:board_column", args=["new"]), {"after": "x|y"})

    assert [c.reference for c in response.context["column"]["cards"]] == [complaint.reference]
    assert client.get(reverse("desk:board_column", args=["nowhere"])).status_code == 404


def test_only_mine_and_owner_filters(client, register, agent, other_agent, now):
    mine = register()
    theirs = register(contact=Contact(name="T", email="t@example.com"))
    shared = register(contact=Contact(name="S", email="s@example.com"))
    take_complaint(mine, agent=agent, now=now)
    take_complaint(theirs, agent=other_agent, now=now)
    client.force_login(agent)

    assert cards(client.get(BOARD, {"mine": "on"}), "new")[0] == [mine.reference]
    assert cards(client.get(BOARD, {"owner": "none"}), "new")[0] == [shared.reference]
    # An agent never sees another agent's complaints, on the board either.
    assert theirs.reference not in cards(client.get(BOARD), "new")[0]


def test_board_queries_do_not_grow_with_the_data(client, register, agent, now):
    client.force_login(agent)
    register()
    client.get(BOARD)
    with CaptureQueriesContext(connection) as few:
        client.get(BOARD)
    for n in range(30):
        complaint = register(contact=Contact(name=f"C{n}", email=f"c{n}@example.com"))
        take_complaint(complaint, agent=agent, now=now)
        if n % 2:
            move_complaint(complaint, to="verification", by=agent, now=now)
    with CaptureQueriesContext(connection) as many:
        client.get(BOARD)

    assert len(many) == len(few)


def test_the_board_move_answers_json(client, register, agent):
    complaint = register()
    client.force_login(agent)
    url = reverse("desk:move", args=[complaint.reference])

    allowed = client.post(
        url, {"to": "verification", "seen_stage": "new"}, headers={"accept": "application/json"}
    )
    forbidden = client.post(
        url, {"to": "closed", "seen_stage": "verification"}, headers={"accept": "application/json"}
    )
    stale = client.post(
        url, {"to": "decision", "seen_stage": "new"}, headers={"accept": "application/json"}
    )

    assert allowed.status_code == 200
    assert allowed.json() == {
        "ok": True,
        "stage": "verification",
        "message": f"{complaint.reference} moved to “Verification”.",
    }
    assert forbidden.status_code == 409
    assert forbidden.json()["message"] == ("A complaint in “Verification” cannot move to “Closed”.")
    assert stale.status_code == 409
    assert "Someone else moved" in stale.json()["message"]
    complaint.refresh_from_db()
    assert complaint.stage == "verification"


def test_cursor_round_trips(register):
    from desk.board import parse_cursor

    complaint = register()

    assert parse_cursor(cursor_of(complaint)) == (complaint.received_at, complaint.pk)
    assert parse_cursor("") is None
    assert parse_cursor("2026-01-01|abc") is None


def test_board_filters_by_category_and_tag(client, register, agent, now):
    from complaints.classification import set_tags
    from complaints.models import Category
    from workflow.categories import change_category

    goods = Category.objects.create(name="Goods")
    in_goods, tagged, plain = register(), register(), register()
    change_category(in_goods, category=goods, by=agent, now=now)
    set_tags(tagged, names=["urgent"], by=agent, now=now)
    urgent = tagged.tags.get()
    client.force_login(agent)

    by_category = cards(client.get(BOARD, {"category": goods.pk}), "new")[0]
    without = cards(client.get(BOARD, {"category": "none"}), "new")[0]
    by_tag = cards(client.get(BOARD, {"tag": urgent.pk}), "new")[0]
    ignored = cards(client.get(BOARD, {"tag": "nonsense", "category": "x"}), "new")[0]

    assert by_category == [in_goods.reference]
    assert sorted(without) == sorted([tagged.reference, plain.reference])
    assert by_tag == [tagged.reference]
    assert len(ignored) == 3


def test_a_category_with_its_own_process_has_its_own_board(client, register, agent, now):
    from complaints.models import Category
    from workflow.categories import change_category
    from workflow.models import Process, Stage

    services = Category.objects.create(name="Services")
    process = Process.objects.create(name="Services process")
    process.categories.add(services)
    Stage.objects.create(process=process, key="new", name="Booked", is_initial=True)
    Stage.objects.create(process=process, key="done", name="Done", is_final=True, position=1)
    service_complaint, other = register(), register()
    change_category(service_complaint, category=services, by=agent, now=now)
    client.force_login(agent)

    default_board = client.get(BOARD)
    services_board = client.get(BOARD, {"process": process.pk})
    by_category = client.get(BOARD, {"category": services.pk})

    assert cards(default_board, "new")[0] == [other.reference]
    assert [c["stage"].name for c in services_board.context["columns"]] == ["Booked", "Done"]
    assert cards(services_board, "new")[0] == [service_complaint.reference]
    assert by_category.context["process"] == process
    assert 'id="board-process"' in default_board.content.decode()


def test_due_soonest_orders_cards_by_due_date_and_pages_with_a_cursor(client, register, agent, now):
    made = [
        register(received_at=now - timedelta(days=n), submission_key=f"d{n}")
        for n in range(COLUMN_PAGE + 5)
    ]
    # A complaint from before the clocks existed has no due date: it comes last.
    undated = made[0]
    undated.clock.delete()
    client.force_login(agent)

    first, column = cards(client.get(BOARD, {"order": "due"}), "new")
    # Ties (a Saturday's and a Sunday's complaint both start on Monday) go by id.
    dated = sorted(made[1:], key=lambda c: (c.clock.resolution_due, c.pk))
    assert dated[0].received_at < dated[-1].received_at
    soonest_first = [c.reference for c in dated] + [undated.reference]
    assert first == soonest_first[:COLUMN_PAGE]
    assert column["more"]

    rest = client.get(
        reverse("desk:board_column", args=["new"]), {"order": "due", "after": column["cursor"]}
    )
    assert [c.reference for c in rest.context["column"]["cards"]] == soonest_first[COLUMN_PAGE:]
    assert not rest.context["column"]["more"]


def test_a_card_shows_its_due_dates_coloured_by_state(client, register, agent, now):
    complaint = register(received_at=now - timedelta(days=30))
    client.force_login(agent)

    html = client.get(BOARD).content.decode()

    card = html[html.index(f'data-reference="{complaint.reference}"') :]
    card = card[: card.index("</article>")]
    assert 'class="due due-breached"' in card
    assert "§" in card  # the legal deadline beside the service level


def test_an_unknown_order_falls_back_to_newest_first(client, register, agent, now):
    older = register(received_at=now - timedelta(hours=2), submission_key="o")
    newer = register(received_at=now, submission_key="n")
    client.force_login(agent)

    assert cards(client.get(BOARD, {"order": "sideways"}), "new")[0] == [
        newer.reference,
        older.reference,
    ]


def test_due_order_queries_do_not_grow_with_the_data(client, register, agent, now):
    client.force_login(agent)
    register()
    client.get(BOARD, {"order": "due"})
    with CaptureQueriesContext(connection) as few:
        client.get(BOARD, {"order": "due"})
    for n in range(20):
        register(contact=Contact(name=f"C{n}", email=f"c{n}@example.com"))
    with CaptureQueriesContext(connection) as many:
        client.get(BOARD, {"order": "due"})

    assert len(many) == len(few)
