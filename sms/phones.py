"""Phone numbers in one form (E.164), so the gateway and the customer search agree."""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_phone(raw, *, region=None):
    """`raw` as E.164 ("+48601234567"); numbers without a country code are read in
    SMS_DEFAULT_REGION (PL). Raises ValidationError saying what is wrong."""
    region = region or getattr(settings, "SMS_DEFAULT_REGION", "PL")
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Enter a phone number."))
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("“%(number)s” is not a phone number.") % {"number": text}) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(number)s” is not a valid phone number; check the digits and the country code.")
            % {"number": text}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
