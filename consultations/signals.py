from django.dispatch import Signal

# Sent after commit when a specialist's opinion is asked for (WF-6), with complaint_id,
# request_id and due, so that notifications can tell the customer.
opinion_requested = Signal()
