"""Addresses staff add to a complaint so that their mail joins it (IN-4).

Threading by the reference in the subject trusts only the complaint's customer; a colleague of
the customer, a lawyer or the customer's second address would otherwise open a new complaint
of their own. Staff vouch for such an address here, and `may_write_in` is the one check the
mail reader asks.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from complaints.models import TimelineEntry
from complaints.timeline import record_event
from mailin.models import AllowedSender

MAX_PER_COMPLAINT = 20


def normalise(address):
    return (address or "").strip().lower()


def may_write_in(address, complaint):
    """True when mail from `address` may join `complaint` by its reference alone."""
    address = normalise(address)
    if not address:
        return False
    if normalise(complaint.customer.email) == address:
        return True
    return AllowedSender.objects.filter(complaint=complaint, email=address).exists()


def add_sender(complaint, address, *, by, now):
    """Allow `address` to write into `complaint`; ValidationError says why not."""
    address = normalise(address)
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(_("Enter a valid e-mail address.")) from None
    if address == normalise(complaint.customer.email):
        raise ValidationError(_("That is the customer's own address; it may write in already."))
    if complaint.merged_into_id:
        raise ValidationError(
            _("This complaint was merged; add the address to the complaint it continues in.")
        )
    with transaction.atomic():
        if AllowedSender.objects.filter(complaint=complaint).count() >= MAX_PER_COMPLAINT:
            raise ValidationError(
                _("A complaint takes at most %(count)d extra addresses.")
                % {"count": MAX_PER_COMPLAINT}
            )
        try:
            with transaction.atomic():
                sender = AllowedSender.objects.create(
                    complaint=complaint, email=address, added_by=by, added_at=now
                )
        except IntegrityError:
            raise ValidationError(
                _("%(address)s may write in already.") % {"address": address}
            ) from None
        _record(complaint, by=by, now=now, before="", after=address)
    return sender


def remove_sender(sender, *, by, now):
    with transaction.atomic():
        deleted, _rows = AllowedSender.objects.filter(pk=sender.pk).delete()
        if deleted:
            _record(sender.complaint, by=by, now=now, before=sender.email, after="")


def _record(complaint, *, by, now, before, after):
    record_event(
        complaint,
        TimelineEntry.Kind.ATTRIBUTES,
        at=now,
        actor=by,
        changes=[
            {
                "label": _("May write in by e-mail"),
                "before": before,
                "after": after,
            }
        ],
    )
