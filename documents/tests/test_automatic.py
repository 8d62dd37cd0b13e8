import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from documents.generation import TIMELINE_KIND
from documents.models import Document, DocumentTemplate, Kind
from documents.tests.conftest import pdf_text
from notifications.models import OutboundEmail, StaffAlert
from notifications.outbox import deliver_email
from workflow.verification import ask_customer


def run_worker():
    """Run the queued document tasks as the worker would (the worker itself closes the
    connection, which the transactional tests below can afford)."""
    from documents.tasks import make_stage_documents_task

    for row in document_tasks().filter(status="READY").order_by("enqueued_at"):
        make_stage_documents_task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        row.status = "SUCCESSFUL"
        row.save(update_fields=["status"])


def document_tasks():
    return DBTaskResult.objects.filter(task_path__endswith="make_stage_documents_task")


def test_registration_makes_the_confirmation_in_the_worker(register):
    complaint = register(language="pl")
    assert document_tasks().count() == 1
    assert not Document.objects.exists()

    run_worker()

    document = Document.objects.get()
    assert document.kind == Kind.REGISTRATION
    assert document.created_by is None
    assert document.language == "pl"
    assert document.step == f"new@{complaint.received_at.isoformat()}"
    with document.file.open("rb") as stored:
        assert "Potwierdzenie przyjęcia reklamacji" in pdf_text(stored.read())


def test_entering_a_decision_stage_makes_the_decision_letter(
    register, decide, django_capture_on_commit_callbacks
):
    complaint = register(language="pl")
    with django_capture_on_commit_callbacks(execute=True):
        decide(complaint)

    run_worker()

    complaint.refresh_from_db()
    assert complaint.stage == "resolution"
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert kinds == {Kind.REGISTRATION, Kind.DECISION}
    letter = Document.objects.get(kind=Kind.DECISION)
    assert letter.step.startswith("resolution@")
    assert complaint.timeline.filter(kind=TIMELINE_KIND, is_public=True).count() == 2


def test_a_broken_template_never_blocks_the_stage_change(
    register, decide, admin_user, django_capture_on_commit_callbacks
):
    DocumentTemplate.objects.filter(kind=Kind.DECISION).update(body="#broken(")
    complaint = register(language="pl")
    with django_capture_on_commit_callbacks(execute=True):
        decide(complaint)
    complaint.refresh_from_db()
    assert complaint.stage == "resolution"

    run_worker()

    assert not Document.objects.filter(kind=Kind.DECISION).exists()
    entry = complaint.timeline.get(kind=TIMELINE_KIND, data__failed=True)
    assert not entry.is_public
    assert "Typst cannot read" in entry.data["error"]
    alert = StaffAlert.objects.get(recipient=admin_user, kind="document_failed")
    assert complaint.reference in alert.text
    assert "Decision letter" in alert.text


def test_the_decision_email_carries_the_letter_in_polish(
    register, decide, smtp_server, now, django_capture_on_commit_callbacks
):
    complaint = register(language="pl")
    with django_capture_on_commit_callbacks(execute=True):
        decide(complaint, justification="Pęknięcie pokrywy to wada fabryczna; zwracamy część ceny.")
    email = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.DECISION)

    deliver_email(email.pk, now=now)  # before the stage's own task has run

    [message] = [m for m in smtp_server.messages if "RK-" in m["Subject"] and m.is_multipart()]
    [pdf] = list(message.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"{complaint.reference}-decision-letter-v1.pdf"
    text = pdf_text(pdf.get_content())
    assert "Decyzja w sprawie reklamacji" in text
    assert "Pęknięcie pokrywy to wada fabryczna; zwracamy część ceny." in text
    run_worker()  # the stage's task finds the letter made for the e-mail
    assert Document.objects.filter(kind=Kind.DECISION).count() == 1


def test_the_request_for_information_goes_with_the_stage_email(
    register, agent, now, smtp_server, django_capture_on_commit_callbacks
):
    from workflow.transitions import move_complaint

    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        ask_customer(complaint, question="Please send the receipt #42 [scan].", by=agent, now=now)
    email = OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.NOTIFICATION).get()

    deliver_email(email.pk, now=now)

    [pdf] = list(smtp_server.messages[-1].iter_attachments())
    text = pdf_text(pdf.get_content())
    assert "Request for information" in text
    assert "Please send the receipt #42 [scan]." in text


def test_the_acknowledgment_carries_no_confirmation_by_default(register, now, smtp_server):
    register()
    email = OutboundEmail.objects.get()

    deliver_email(email.pk, now=now)

    assert not smtp_server.messages[-1].is_multipart()


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_documents_after_the_commit(register):
    register()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    # A flushed database re-creates the process without documents; nothing must break.
    assert DBTaskResult.objects.exclude(status="SUCCESSFUL").count() == 0


def test_a_rejection_by_a_move_makes_no_empty_decision_letter(
    register, agent, now, django_capture_on_commit_callbacks
):
    from workflow.transitions import move_complaint

    complaint = register()
    with django_capture_on_commit_callbacks(execute=True):
        move_complaint(complaint, to="rejected", by=agent, now=now, reason="Not our product.")

    run_worker()

    assert not Document.objects.filter(kind=Kind.DECISION).exists()
    assert not complaint.timeline.filter(kind=TIMELINE_KIND, data__failed=True).exists()


def test_the_shipped_process_names_only_real_document_kinds(db):
    from workflow.defaults import DEFAULT_STAGE_DOCUMENTS
    from workflow.models import Stage

    named = {kind for kinds in DEFAULT_STAGE_DOCUMENTS.values() for kind in kinds}
    assert named == set(Kind.values)
    made = dict(Stage.objects.filter(process__is_default=True).values_list("key", "documents"))
    assert {key: made[key] for key in DEFAULT_STAGE_DOCUMENTS} == DEFAULT_STAGE_DOCUMENTS
