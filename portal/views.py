from django.shortcuts import get_object_or_404, render

from complaints.models import Complaint
from reklamo.languages import activate_requested_language
from workflow.queries import process_for, stages_by_key

# What the tracking page may read of a complaint: nothing about its customer or handling.
PUBLIC_FIELDS = ("reference", "stage", "category", "received_at", "tracking_token", "merged_into")


def track(request, token):
    """The customer's view of their complaint: the status in plain words, nothing internal.

    A complaint merged into another (WF-9) says under which reference it continues and that
    complaint's status, and nothing else about it: it may be another customer's.
    """
    activate_requested_language(request)
    complaint = get_object_or_404(Complaint.objects.only(*PUBLIC_FIELDS), tracking_token=token)
    survivor = None
    if complaint.merged_into_id:
        survivor = Complaint.objects.only("reference", "stage", "category").get(
            pk=complaint.merged_into_id
        )
    current = survivor or complaint
    stage = stages_by_key(process_for(current)).get(current.stage)
    return render(
        request,
        "portal/track.html",
        {"complaint": complaint, "stage": stage, "survivor": survivor},
    )
