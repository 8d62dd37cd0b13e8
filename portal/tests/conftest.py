import pytest
from django.urls import reverse

from workflow.decisions import record_decision
from workflow.transitions import move_complaint


@pytest.fixture
def decide(verify, agent, now):
    """Take a complaint through verification and decide it, as an agent does."""

    def _decide(complaint, *, outcome="accepted", remedy="repair", offered=(), **extra):
        move_complaint(complaint, to="verification", by=agent, now=now)
        verify(complaint, by=agent)
        move_complaint(complaint, to="decision", by=agent, now=now)
        return record_decision(
            complaint,
            outcome=outcome,
            justification="The hinge is faulty." if outcome != "rejected" else "Worn by use.",
            remedy=remedy if outcome != "rejected" else "",
            offered_remedies=list(offered),
            by=agent,
            now=now,
            notify_customer=False,
            **extra,
        )

    return _decide


def track_url(complaint, name="track", *args):
    return reverse(f"portal:{name}", args=[complaint.tracking_token, *args])
