import io

import pytest
from pypdf import PdfReader

from workflow.decisions import record_decision
from workflow.transitions import move_complaint


def pdf_text(data):
    """The text of every page of a PDF, as a reader would copy it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def document_text(document):
    with document.file.open("rb") as stored:
        return pdf_text(stored.read())


@pytest.fixture
def decide(verify, agent, now):
    """Take a complaint through verification and decide it (partly accepted, refund)."""

    def _decide(complaint, *, by=None, justification="Pęknięcie jest wadą fabryczną.", **extra):
        by = by or agent
        move_complaint(complaint, to="verification", by=by, now=now)
        verify(complaint, by=by)
        move_complaint(complaint, to="decision", by=by, now=now)
        values = {
            "outcome": "partial",
            "justification": justification,
            "remedy": "price_reduction",
            "amount": "120.50",
            "currency": "PLN",
        }
        values.update(extra)
        return record_decision(complaint, by=by, now=now, **values)

    return _decide
