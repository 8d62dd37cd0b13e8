"""PO-1: find a complaint by its reference and the e-mail or phone its customer gave.

Whoever knows both gets the tracking link; anyone else learns nothing, not even whether the
reference exists: every miss (unknown reference, malformed reference, wrong e-mail or
phone) does the same database work and gives the same answer.
"""

import hmac

from django.core.exceptions import ValidationError

from complaints.customers import normalize_phone
from complaints.models import Complaint
from sms.phones import normalise_phone

REFERENCE_MAX_LENGTH = 20


def clean_reference(raw):
    """The reference as stored ("RK-2026-000123"): spaces dropped, upper case. Not checked
    against the pattern: a malformed one must cost as much as an unknown one."""
    return "".join((raw or "").split()).upper()[:REFERENCE_MAX_LENGTH]


def comparable_phone(raw):
    """One form for a phone number typed anywhere: E.164 when it parses, else its digits."""
    try:
        return normalise_phone(raw)
    except ValidationError:
        return normalize_phone(raw or "")


def is_email(contact):
    return "@" in contact


def contact_matches(customer, contact):
    """Whether `contact` (an e-mail or a phone number) is the one `customer` gave.

    Both comparisons run either way, in constant time, so the answer's timing does not
    tell which one was tried or how close it came.
    """
    contact = (contact or "").strip()
    given_email = contact.lower() if is_email(contact) else ""
    given_phone = "" if is_email(contact) else comparable_phone(contact)
    stored_email = (customer.email if customer else "").strip().lower()
    stored_phone = comparable_phone(customer.phone if customer else "")
    email_ok = hmac.compare_digest(given_email.encode(), stored_email.encode())
    phone_ok = hmac.compare_digest(given_phone.encode(), stored_phone.encode())
    return (email_ok and bool(given_email)) or (phone_ok and bool(given_phone))


def find_complaint(reference, contact):
    """The complaint with `reference` whose customer gave `contact`, else None."""
    complaint = (
        Complaint.objects.select_related("customer")
        .only("reference", "tracking_token", "customer__email", "customer__phone")
        .filter(reference=clean_reference(reference))
        .first()
    )
    customer = complaint.customer if complaint else None
    if contact_matches(customer, contact) and complaint is not None:
        return complaint
    return None
