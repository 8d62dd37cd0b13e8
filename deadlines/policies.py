"""Which service-level policy (DL-1) applies to a complaint."""

from deadlines.models import SlaPolicy


def policy_for(category_id, priority, customer_type):
    """The most specific active policy: one naming the category beats one naming the
    priority, which beats one naming the customer type; empty conditions match anything."""
    best = None
    for policy in SlaPolicy.objects.filter(is_active=True).select_related("calendar"):
        if policy.category_id is not None and policy.category_id != category_id:
            continue
        if policy.priority is not None and policy.priority != priority:
            continue
        if policy.customer_type and policy.customer_type != customer_type:
            continue
        key = (
            policy.category_id is not None,
            policy.priority is not None,
            bool(policy.customer_type),
            -policy.pk,
        )
        if best is None or key > best[0]:
            best = (key, policy)
    return best[1] if best else None
