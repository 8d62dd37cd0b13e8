"""Customers are found again by e-mail or phone, so each of their complaints joins one record."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from complaints.classification import refuse_outside_team
from complaints.models import Complaint, Customer, CustomerType, TimelineEntry
from complaints.signals import classified
from complaints.timeline import record_event

CUSTOMER_TYPES = (CustomerType.CONSUMER, CustomerType.BUSINESS)


@dataclass(frozen=True)
class Contact:
    """How a customer introduced themselves on one channel."""

    name: str
    email: str = ""
    phone: str = ""

    def normalized(self):
        return Contact(
            name=" ".join(self.name.split()),
            email=self.email.strip().lower(),
            phone=normalize_phone(self.phone),
        )


def normalize_phone(phone):
    """Keep digits and a leading plus: '+48 601-234 567' and '+48601234567' are one number."""
    phone = phone.strip()
    digits = re.sub(r"\D", "", phone)
    return f"+{digits}" if phone.startswith("+") and digits else digits


def find_customer(contact):
    """The existing customer with this e-mail, else with this phone, else None."""
    contact = contact.normalized()
    if contact.email:
        customer = Customer.objects.filter(email__iexact=contact.email).order_by("pk").first()
        if customer:
            return customer
    if contact.phone:
        return Customer.objects.filter(phone=contact.phone).order_by("pk").first()
    return None


def find_or_create_customer(contact, *, language, customer_type=None):
    """Find the customer by e-mail or phone and fill in what they newly told us.

    A new customer is of `customer_type`, a consumer when nobody said (the stricter terms,
    the safer mistake). A returning customer keeps their stored type here: a channel that
    asked and was told otherwise changes it with set_customer_type(), which the clocks of
    their open complaints follow.
    """
    contact = contact.normalized()
    customer = find_customer(contact)
    if customer is None:
        return Customer.objects.create(
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            language=language,
            customer_type=customer_type or CustomerType.CONSUMER,
        )
    changed = []
    for field in ("email", "phone", "name"):
        if getattr(contact, field) and not getattr(customer, field):
            setattr(customer, field, getattr(contact, field))
            changed.append(field)
    if customer.language != language:
        customer.language = language
        changed.append("language")
    if changed:
        customer.save(update_fields=changed)
    return customer


def set_customer_type(customer, *, customer_type, by, now, complaint=None):
    """Store whether the customer complains as a consumer or as a business.

    The legal rule and the service level depend on it (DL-1, DL-2), so every complaint of
    theirs whose clocks still run gets a CLASSIFIED timeline entry and the `classified`
    signal (the deadlines app recomputes both clocks), in this transaction; so does
    `complaint`, the one it was changed from, in any case. Locks the customer and those
    complaints. `by` is None when the customer said so themselves (the web form). Raises
    ValidationError for an unknown type, PermissionDenied for staff outside the complaint
    team. Returns the customer.
    """
    if by is not None:
        refuse_outside_team(by)
    if customer_type not in CUSTOMER_TYPES:
        raise ValidationError({"customer_type": _("Choose consumer or business.")})
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        before = locked.customer_type
        if before == customer_type:
            return locked
        locked.customer_type = customer_type
        locked.save(update_fields=["customer_type"])
        customer.customer_type = customer_type
        running = (
            Q(clock__isnull=True)
            | Q(clock__stopped_at__isnull=True)
            | Q(clock__legal_stopped_at__isnull=True, clock__deemed_accepted_at__isnull=True)
        )
        if complaint is not None:
            running |= Q(pk=complaint.pk)
        # Ids first: PostgreSQL locks no rows on the nullable side of an outer join.
        ids = list(locked.complaints.filter(running).values_list("pk", flat=True))
        for affected in Complaint.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            affected.customer = locked
            record_event(
                affected,
                TimelineEntry.Kind.CLASSIFIED,
                at=now,
                actor=by,
                customer_type=[before, customer_type],
            )
            classified.send(sender=Complaint, complaint=affected, now=now)
    return locked


def search_customers(query, *, limit=8):
    """Customers whose name, e-mail or phone contains `query`, for staff typing it in."""
    query = query.strip()
    if len(query) < 2:
        return Customer.objects.none()
    condition = Q(name__icontains=query) | Q(email__icontains=query)
    phone = normalize_phone(query)
    if len(phone.lstrip("+")) >= 3:
        condition |= Q(phone__contains=phone.lstrip("+"))
    return Customer.objects.filter(condition).order_by("name", "pk")[:limit]
