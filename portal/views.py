from django.shortcuts import get_object_or_404, render

from complaints.models import Complaint
from reklamo.languages import activate_requested_language


def track(request, token):
    """The customer's view of their complaint: the status in plain words, nothing internal."""
    activate_requested_language(request)
    complaint = get_object_or_404(
        Complaint.objects.only("reference", "stage", "received_at", "tracking_token"),
        tracking_token=token,
    )
    return render(request, "portal/track.html", {"complaint": complaint})
