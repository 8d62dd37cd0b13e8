from django.shortcuts import get_object_or_404, render

from complaints.models import Complaint
from reklamo.languages import activate_requested_language
from workflow.queries import process_for, stages_by_key


def track(request, token):
    """The customer's view of their complaint: the status in plain words, nothing internal."""
    activate_requested_language(request)
    complaint = get_object_or_404(
        Complaint.objects.only("reference", "stage", "received_at", "tracking_token"),
        tracking_token=token,
    )
    stage = stages_by_key(process_for(complaint)).get(complaint.stage)
    return render(request, "portal/track.html", {"complaint": complaint, "stage": stage})
