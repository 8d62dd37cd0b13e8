"""Signals of the complaint record, for apps that keep something derived from it."""

from django.dispatch import Signal

# Sent inside the transaction that changed a complaint's category, priority or type, or its
# customer's type (consumer or business), with `complaint` (the locked row) and `now`; the
# deadlines app recomputes the due dates.
classified = Signal()
