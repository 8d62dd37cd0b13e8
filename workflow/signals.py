from django.dispatch import Signal

# Sent after the commit of a stage change, with complaint_id, stage_key, notify_customer, at.
# The notification rules will listen here to tell the customer.
stage_entered = Signal()
