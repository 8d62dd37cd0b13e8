"""Task entry points for the worker: they receive ids and call the domain."""

from datetime import datetime

from django.tasks import task
from django.utils import timezone

from complaints.models import Complaint
from documents.generation import make_stage_documents
from workflow.queries import process_for


@task()
def make_stage_documents_task(complaint_id, stage_key, at):
    """The documents of the stage `stage_key` that the complaint entered at `at` (ISO)."""
    complaint = Complaint.objects.select_related("customer", "owner").filter(pk=complaint_id)
    complaint = complaint.first()
    if complaint is None:
        return 0
    stage = process_for(complaint).stages.filter(key=stage_key).first()
    if stage is None:
        return 0
    made = make_stage_documents(complaint, stage, at=datetime.fromisoformat(at), now=timezone.now())
    return len(made)
