"""Signals of the outbox, for apps that care what happened to an e-mail they queued."""

from django.dispatch import Signal

# Sent when the recipient's mail server accepted an e-mail, inside the transaction that marks
# it sent, with `email` (an OutboundEmail) and `at`. The deadlines app listens for decisions:
# their acceptance is the proof of delivery that stops the legal clock (DL-2).
email_sent = Signal()

# Sent when an e-mail failed for the last time (no more retries), inside the transaction that
# records the failure, with `email` and `at`.
email_failed = Signal()
