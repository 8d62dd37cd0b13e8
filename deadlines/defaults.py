"""What a fresh installation ships: a Polish business calendar, the statutory answer terms we
know (with their sources) and one service-level policy. All of it is data the admin changes."""

from datetime import time

DEFAULT_CALENDAR = {
    "name": "Poland, Monday to Friday 9-17",
    "country": "PL",
    "subdivision": "",
    "time_zone": "Europe/Warsaw",
    "working_weekdays": [0, 1, 2, 3, 4],
    "work_starts": time(9),
    "work_ends": time(17),
    "is_default": True,
}

DEFAULT_POLICY = {
    "name": "Standard: first response in 24 h, resolution in 5 working days",
    "first_response_hours": 24,
    # Five working days of eight hours.
    "resolution_hours": 40,
    "warn_at_percent": 75,
}

PL_CONSUMER_SOURCE = (
    "Ustawa z dnia 30 maja 2014 r. o prawach konsumenta (Dz.U. 2014 poz. 827 ze zm.), "
    "art. 7a ust. 1-2: the trader answers a consumer's complaint within 14 days of receiving "
    "it; without an answer in time the complaint is deemed accepted. The answer must reach the "
    "consumer within the term (a declaration is made when it reaches the addressee, Kodeks "
    "cywilny art. 61 § 1). Terms in days end with the last day, counted from the day after "
    "receipt (Kc art. 111); an end on a statutory day off or a Saturday moves to the next "
    "working day (Kc art. 115)."
)

DEFAULT_LEGAL_RULES = [
    {
        "name": "Poland, consumer, goods: answer in 14 days or deemed accepted",
        "jurisdiction": "PL",
        "customer_type": "consumer",
        "subject": "goods",
        "days": 14,
        "moves_off_non_working_day": True,
        "stops_at": "delivery",
        "consequence": "deemed_accepted",
        "description": PL_CONSUMER_SOURCE
        + " Goods bought before 1 January 2023 fall under the former warranty (rękojmia), "
        "Kodeks cywilny art. 561⁵, with the same 14-day term and the same consequence.",
    },
    {
        "name": "Poland, consumer, services or digital content: answer in 14 days or deemed "
        "accepted",
        "jurisdiction": "PL",
        "customer_type": "consumer",
        "subject": "services",
        "days": 14,
        "moves_off_non_working_day": True,
        "stops_at": "delivery",
        "consequence": "deemed_accepted",
        "description": PL_CONSUMER_SOURCE,
    },
    {
        "name": "Poland, financial-market entity: answer in 30 days (60 in a complex case)",
        "jurisdiction": "PL",
        "customer_type": "",
        "subject": "financial",
        "days": 30,
        "extended_days": 60,
        "moves_off_non_working_day": True,
        "stops_at": "sending",
        "consequence": "deemed_accepted",
        "description": (
            "Ustawa z dnia 5 sierpnia 2015 r. o rozpatrywaniu reklamacji przez podmioty rynku "
            "finansowego i o Rzeczniku Finansowym (Dz.U. 2015 poz. 1348 ze zm.): art. 7 — an "
            "answer without undue delay, at the latest within 30 days of receipt; sending the "
            "answer before the term ends is enough (for a letter, posting it with the "
            "designated operator). Art. 8 — in a particularly complex case, up to 60 days of "
            "receipt when the customer is told the reason for the delay, what must be "
            "established and the expected date. Art. 9 — a missed term means the complaint is "
            "deemed resolved as the customer wished. Kodeks cywilny art. 111 and 115 for the "
            "counting."
        ),
    },
    {
        "name": "Russia, consumer, refund or price reduction: 10 days",
        "jurisdiction": "RU",
        "customer_type": "consumer",
        "remedy": "refund",
        "days": 10,
        "moves_off_non_working_day": True,
        "stops_at": "sending",
        "consequence": "breach",
        "description": (
            "Закон РФ от 07.02.1992 № 2300-1 «О защите прав потребителей», ст. 22: demands for "  # noqa: RUF001 (Cyrillic)
            "a refund, a price reduction or reimbursement of repair costs are met within ten "
            "days of being made; a delay costs a penalty of 1 % of the price per day (ст. 23). "
            "Гражданский кодекс РФ ст. 191 (counting from the next day) and ст. 193 (an end on "
            "a non-working day moves to the next working day)."
        ),
    },
    {
        "name": "Russia, consumer, price reduction: 10 days",
        "jurisdiction": "RU",
        "customer_type": "consumer",
        "remedy": "price_reduction",
        "days": 10,
        "moves_off_non_working_day": True,
        "stops_at": "sending",
        "consequence": "breach",
        "description": (
            "Закон РФ «О защите прав потребителей», ст. 22: ten days for a price reduction, as "  # noqa: RUF001 (Cyrillic)
            "for a refund. Гражданский кодекс РФ ст. 191 and ст. 193 for the counting."
        ),
    },
    {
        "name": "Russia, consumer, replacement: 7 days (20 with a quality check)",
        "jurisdiction": "RU",
        "customer_type": "consumer",
        "remedy": "replacement",
        "days": 7,
        "extended_days": 20,
        "moves_off_non_working_day": True,
        "stops_at": "sending",
        "consequence": "breach",
        "description": (
            "Закон РФ «О защите прав потребителей», ст. 21 п. 1: faulty goods are replaced "  # noqa: RUF001 (Cyrillic)
            "within seven days of the demand, or within twenty days when an additional quality "
            "check is needed. Гражданский кодекс РФ ст. 191 and ст. 193 for the counting."
        ),
    },
    {
        "name": "Russia, consumer, repair: at most 45 days",
        "jurisdiction": "RU",
        "customer_type": "consumer",
        "remedy": "repair",
        "days": 45,
        "moves_off_non_working_day": True,
        "stops_at": "sending",
        "consequence": "breach",
        "description": (
            "Закон РФ «О защите прав потребителей», ст. 20 п. 1: defects are repaired "  # noqa: RUF001 (Cyrillic)
            "without delay, in the shortest time objectively needed, agreed in writing and "
            "never longer than 45 days. Гражданский кодекс РФ ст. 191 and ст. 193."
        ),
    },
    {
        "name": "United Kingdom, financial services: final response within 8 weeks",
        "jurisdiction": "GB",
        "customer_type": "",
        "subject": "financial",
        "days": 56,
        "moves_off_non_working_day": False,
        "stops_at": "sending",
        "consequence": "breach",
        "description": (
            "FCA Handbook, DISP 1.6.2R: by the end of eight weeks after receiving the "
            "complaint, the firm sends a final response, or a written response explaining why "
            "it cannot yet make one and telling the complainant they may refer the complaint "
            "to the Financial Ombudsman Service. (Payment services complaints have shorter "
            "terms under DISP 1.6.2AR, not shipped.)"
        ),
    },
    {
        "name": "Default: answer within 30 days",
        "jurisdiction": "",
        "customer_type": "",
        "days": 30,
        "moves_off_non_working_day": False,
        "stops_at": "sending",
        "consequence": "breach",
        "description": (
            "No statutory term: the company's own commitment where no other rule applies (for "
            "example elsewhere in the EU). Change the number of days to suit."
        ),
    },
]


def create_defaults(Calendar, LegalRule, SlaPolicy):
    """Create the shipped calendar, legal rules and policy (the models may be historical)."""
    calendar = Calendar.objects.filter(is_default=True).first()
    if calendar is None:
        calendar = Calendar.objects.create(**DEFAULT_CALENDAR)
    for rule in DEFAULT_LEGAL_RULES:
        LegalRule.objects.get_or_create(name=rule["name"], defaults=rule)
    SlaPolicy.objects.get_or_create(
        name=DEFAULT_POLICY["name"], defaults={**DEFAULT_POLICY, "calendar": calendar}
    )
