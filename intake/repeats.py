"""Repeat detection (IN-8): the same customer complaining again about the same product."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from complaints.models import Complaint
from workflow.models import Stage


def find_repeated_complaint(customer, product, *, now):
    """The customer's latest complaint about `product` that is open or recent, else None."""
    product = product.strip()
    if not product or customer.pk is None:
        return None
    final_keys = Stage.objects.filter(is_final=True).values_list("key", flat=True)
    recent = now - timedelta(days=settings.REPEAT_WINDOW_DAYS)
    return (
        # A merged duplicate is not repeated; the complaint it was merged into may be.
        Complaint.objects.filter(
            customer=customer, product__iexact=product, merged_into__isnull=True
        )
        .filter(~Q(stage__in=list(final_keys)) | Q(received_at__gte=recent))
        .order_by("-received_at", "-pk")
        .first()
    )
