"""Customers are found again by e-mail or phone, so each of their complaints joins one record."""

import re
from dataclasses import dataclass

from django.db.models import Q

from complaints.models import Customer


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


def find_or_create_customer(contact, *, language):
    """Find the customer by e-mail or phone and fill in what they newly told us."""
    contact = contact.normalized()
    customer = find_customer(contact)
    if customer is None:
        return Customer.objects.create(
            name=contact.name, email=contact.email, phone=contact.phone, language=language
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
