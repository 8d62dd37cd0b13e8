"""Reads of opinion requests for the desk (WF-6)."""

from django.db.models import Q

from consultations.models import OpinionRequest


def opinion_requests_of(complaint):
    """Every request on a complaint, oldest first, with the people involved joined in."""
    return OpinionRequest.objects.filter(complaint=complaint).select_related(
        "specialist", "department", "asked_by", "answered_by", "cancelled_by"
    )


def open_requests_for(user):
    """Open requests addressed to `user` or to a department they belong to, soonest due first."""
    return (
        OpinionRequest.objects.filter(answered_at__isnull=True, cancelled_at__isnull=True)
        .filter(Q(specialist=user) | Q(department__in=user.departments.all()))
        .select_related("complaint", "complaint__customer", "specialist", "department", "asked_by")
        .order_by("due", "asked_at", "pk")
    )
