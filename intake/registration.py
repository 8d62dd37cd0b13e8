"""Registering a complaint: the one door every channel goes through (IN-6)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.attachments import check_uploads, delete_stored_files, store_attachment
from complaints.customers import CUSTOMER_TYPES, find_or_create_customer, set_customer_type
from complaints.models import Complaint, Priority, Remedy, TimelineEntry
from complaints.ownership import assign_complaint, take_complaint
from complaints.references import allocate_reference
from complaints.timeline import record_event
from customfields.values import applicable_definitions, check_answers, store_answers
from deadlines.clocks import start_clocks
from intake.repeats import find_repeated_complaint
from notifications.acknowledgments import queue_acknowledgment
from routing.rules import route_complaint
from workflow.queries import initial_stage, process_for_category

DESCRIPTION_MAX_LENGTH = 20_000


def register_complaint(
    *,
    channel,
    contact,
    description,
    requested_remedy,
    language,
    received_at,
    product="",
    order_number="",
    purchase_date=None,
    uploads=(),
    priority=Priority.NORMAL,
    consent_given=False,
    submission_key=None,
    registered_by=None,
    customer=None,
    notify_customer=True,
    category=None,
    attributes=None,
    owner=None,
    customer_type=None,
    message_id="",
):
    """Store a complaint with its customer and files, all or nothing, and acknowledge it.

    The customer is `customer` when staff picked one, else found or created from `contact`.
    A `submission_key` seen before returns the complaint it made instead of a second one.
    The acknowledgment is queued in the same transaction and sent by the worker after commit,
    so a rolled-back registration sends nothing.

    `attributes` ({key: value}) answer the custom fields of the category (IN-7): a
    customer (no `registered_by`) may answer only the ones shown to customers, staff all of
    them. Channels that ask no custom fields pass None and nothing is required of them.

    The new complaint is routed (DL-4) in the same transaction, so nobody ever sees it
    unowned only to lose it a moment later, and a failed registration routes nothing.
    Staff who name an `owner` (themselves, or anyone when they are a manager) are not
    overridden.

    `customer_type` (consumer or business) is what the customer said on a channel that asks;
    None where nobody asked. A new customer is a consumer unless they said otherwise; a
    returning one keeps their stored type unless they say otherwise now, and then the clocks
    of their other open complaints follow the change (complaints.customers.set_customer_type).

    `message_id` is the Message-ID of the customer's e-mail that opened the complaint: the
    acknowledgment answers it, so their mail program shows one conversation.
    """
    validate_registration(
        contact=contact,
        description=description,
        requested_remedy=requested_remedy,
        language=language,
        has_customer=customer is not None,
        customer_type=customer_type,
    )
    if category is not None and not category.is_active:
        raise ValidationError({"category": _("This category is not offered any more.")})
    answers = []
    if attributes is not None:
        definitions = applicable_definitions(
            category.pk if category else None, for_customer=registered_by is None
        )
        answers = check_answers(definitions, attributes)
    checked = check_uploads(list(uploads))
    if submission_key:
        existing = Complaint.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing

    stored = []
    try:
        with transaction.atomic():
            # The reference comes first: its row lock serialises intake, so two first
            # complaints from one new customer find one customer, not create two.
            reference = allocate_reference(year=timezone.localtime(received_at).year)
            if customer is None:
                customer = find_or_create_customer(
                    contact, language=language, customer_type=customer_type
                )
            if customer_type and customer.customer_type != customer_type:
                set_customer_type(
                    customer, customer_type=customer_type, by=registered_by, now=received_at
                )
            repeat_of = find_repeated_complaint(customer, product, now=received_at)
            complaint = Complaint.objects.create(
                repeat_of=repeat_of,
                reference=reference,
                stage=initial_stage(process_for_category(category.pk if category else None)).key,
                category=category,
                channel=channel,
                received_at=received_at,
                customer=customer,
                product=product.strip(),
                order_number=order_number.strip(),
                purchase_date=purchase_date,
                description=description.strip(),
                requested_remedy=requested_remedy,
                language=language,
                priority=priority,
                consent_at=received_at if consent_given else None,
                submission_key=submission_key or None,
                created_by=registered_by,
            )
            for upload, check in zip(uploads, checked, strict=True):
                stored.append(
                    store_attachment(
                        complaint, upload, check, channel=channel, uploaded_by=registered_by
                    )
                )
            store_answers(complaint, answers, channel=channel, by=registered_by, stored=stored)
            record_event(
                complaint,
                TimelineEntry.Kind.REGISTERED,
                at=received_at,
                actor=registered_by,
                is_public=True,
                channel=channel,
                attachments=len(stored),
                **({"repeat_of": repeat_of.reference} if repeat_of else {}),
                **({"message_id": message_id[:255]} if message_id else {}),
            )
            start_clocks(complaint, now=received_at)
            if owner is not None:
                _give_to(complaint, owner=owner, by=registered_by, now=received_at)
            else:
                route_complaint(complaint, now=received_at)
            if notify_customer:
                queue_acknowledgment(complaint, now=received_at)
    except IntegrityError:
        delete_stored_files(stored)
        # The same form posted twice at the same moment: the other post won.
        if submission_key:
            existing = Complaint.objects.filter(submission_key=submission_key).first()
            if existing:
                return existing
        raise
    except BaseException:
        delete_stored_files(stored)
        raise
    return complaint


def _give_to(complaint, *, owner, by, now):
    if by is not None and owner.pk == by.pk:
        complaint.owner = take_complaint(complaint, agent=owner, now=now).owner
    else:
        complaint.owner = assign_complaint(complaint, to=owner, by=by, now=now).owner


def validate_registration(
    *, contact, description, requested_remedy, language, has_customer, customer_type=None
):
    """The rules every channel's input must meet; raises ValidationError keyed by field."""
    errors = {}
    if not has_customer:
        if not contact.name.strip():
            errors["name"] = _("Tell us your name.")
        if not contact.email.strip() and not contact.phone.strip():
            errors["email"] = _("Give an e-mail address or a phone number so we can reply.")
    if not description.strip():
        errors["description"] = _("Describe what happened.")
    elif len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("Keep the description to at most %(limit)d characters.") % {
            "limit": DESCRIPTION_MAX_LENGTH
        }
    if requested_remedy not in Remedy.values:
        errors["requested_remedy"] = _("Choose what you would like us to do.")
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("This language is not offered.")
    if customer_type is not None and customer_type not in CUSTOMER_TYPES:
        errors["customer_type"] = _("Choose consumer or business.")
    if errors:
        raise ValidationError(errors)
