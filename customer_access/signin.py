"""PO-2: passwordless sign-in by an e-mailed link, and the customer's session.

The link is single use and expires; only its SHA-256 is stored. Signing in puts the verified
e-mail address (and an expiry) into the session; it is not a Django login, so a customer
never gets a staff identity and a staff member's login is left alone.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from complaints.models import Complaint, Customer
from customer_access.models import SignInLink
from notifications.models import OutboundEmail
from notifications.outbox import queue_email

SESSION_KEY = "customer_access"


class InvalidLink(Exception):
    """The link is unknown (mistyped, tampered with), used already or expired."""


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in_url(token):
    return settings.SITE_URL + reverse("customer_access:sign_in_link", args=[token])


def clean_email(email):
    return (email or "").strip().lower()


def latest_complaint_of(email):
    """The newest complaint whose customer gave `email`, or None."""
    complaints = (
        Complaint.objects.select_related("customer")
        .filter(customer__email__iexact=email)
        .order_by("-received_at", "-pk")
    )
    return complaints.filter(merged_into__isnull=True).first() or complaints.first()


def send_sign_in_link(email, *, now):
    """E-mail a sign-in link to `email` if any complaint's customer gave it; else nothing.

    Returns the SignInLink, or None. The caller must not tell the two apart to the person
    asking (no enumeration). The e-mail goes through the outbox after commit, attached to
    the customer's newest complaint, in that complaint's language.
    """
    email = clean_email(email)
    complaint = latest_complaint_of(email) if email else None
    if complaint is None:
        return None
    token = secrets.token_urlsafe(32)
    language = complaint.language or complaint.customer.language
    with transaction.atomic():
        link = SignInLink.objects.create(
            email=email,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=now + timedelta(minutes=settings.PORTAL_SIGNIN_LINK_MINUTES),
        )
        with translation.override(language):
            subject = _("Your sign-in link")
            body = render_to_string(
                "customer_access/email/sign_in.txt",
                {
                    "name": complaint.customer.name,
                    "url": sign_in_url(token),
                    "minutes": settings.PORTAL_SIGNIN_LINK_MINUTES,
                },
            ).strip()
        queue_email(
            complaint,
            purpose=OutboundEmail.Purpose.NOTIFICATION,
            to=email,
            subject=subject,
            body=body,
            language=language,
            now=now,
        )
    SignInLink.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
    return link


def check_sign_in_link(token, *, now):
    """The e-mail a still usable link is for; raises InvalidLink. Uses nothing up."""
    link = SignInLink.objects.filter(token_hash=token_hash(token)).first()
    if link is None or link.used_at is not None or link.expires_at <= now:
        raise InvalidLink
    return link.email


def use_sign_in_link(token, *, now):
    """Use the link up and return its e-mail; raises InvalidLink. A conditional update
    claims it, so two simultaneous clicks sign in once."""
    links = SignInLink.objects.filter(
        token_hash=token_hash(token), used_at__isnull=True, expires_at__gt=now
    )
    with transaction.atomic():
        if not links.update(used_at=now):
            raise InvalidLink
        return SignInLink.objects.get(token_hash=token_hash(token)).email


def sign_in(request, email, *, now):
    """Start a customer session for `email` (a new session key: no fixation)."""
    request.session.cycle_key()
    expires = now + timedelta(hours=settings.PORTAL_SESSION_HOURS)
    request.session[SESSION_KEY] = {"email": clean_email(email), "expires": expires.timestamp()}


def sign_out(request):
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def signed_in_email(request, *, now):
    """The verified e-mail of the signed-in customer, or None (never signed in, expired)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    if data.get("expires", 0) <= now.timestamp():
        request.session.pop(SESSION_KEY, None)
        return None
    return data.get("email") or None


def customer_details(email):
    """Name, e-mail and phone as the customer last gave them, to prefill a new complaint."""
    customer = (
        Customer.objects.filter(email__iexact=email).order_by("-created_at", "-pk").first()
        if email
        else None
    )
    if customer is None:
        return {}
    return {"name": customer.name, "email": email, "phone": customer.phone}


def prefill_for(request, *, now):
    """Initial values for the complaint form: the signed-in customer's details, else none."""
    return customer_details(signed_in_email(request, now=now))
