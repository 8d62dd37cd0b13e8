# ruff: noqa: RUF001 -- Greek and Cyrillic letters are the point of these texts.
"""The notification rules Reklamo ships (CO-1), with their texts in English, Polish, Russian
and Greek. Installed by a data migration; admins change them on the desk afterwards.

No e-mail rule for the decision, the extended legal term or a message from staff: those are
e-mails of their own (notifications.answers, the agent's message), with the legal wording
and the agent's text, so a rule would send the customer the same news twice.
"""

SIGN = {
    "en": "Kind regards,\nCustomer care\n",
    "pl": "Z pozdrowieniami\nDział obsługi klienta\n",
    "ru": "С уважением,\nСлужба поддержки клиентов\n",
    "el": "Με εκτίμηση,\nΕξυπηρέτηση πελατών\n",
}
HELLO = {
    "en": "Hello {customer_name},\n\n",
    "pl": "Dzień dobry {customer_name},\n\n",
    "ru": "Здравствуйте, {customer_name}!\n\n",
    "el": "Γεια σας {customer_name},\n\n",
}

EMAIL = {
    "received": {
        "en": (
            "We received your complaint",
            "Thank you for letting us know. We have registered your complaint under the "
            "reference {reference}.\n\nYou can follow it here at any time:\n{tracking_url}\n\n"
            "What you told us:\n{summary}\n\n"
            "Please quote the reference if you write to us about this complaint.",
        ),
        "pl": (
            "Otrzymaliśmy Twoją reklamację",
            "dziękujemy za zgłoszenie. Zarejestrowaliśmy Twoją reklamację pod numerem "
            "{reference}.\n\nMożesz w każdej chwili sprawdzić jej stan tutaj:\n{tracking_url}\n\n"
            "Twoje zgłoszenie:\n{summary}\n\n"
            "Podawaj ten numer, gdy piszesz do nas w sprawie tej reklamacji.",
        ),
        "ru": (
            "Мы получили ваше обращение",
            "Спасибо, что сообщили нам. Мы зарегистрировали ваше обращение под номером "
            "{reference}.\n\nСледить за его ходом можно в любое время здесь:\n{tracking_url}\n\n"
            "Что вы нам сообщили:\n{summary}\n\n"
            "Пожалуйста, указывайте этот номер, когда пишете нам по этому обращению.",
        ),
        "el": (
            "Λάβαμε το παράπονό σας",
            "Σας ευχαριστούμε που μας ενημερώσατε. Καταχωρίσαμε το παράπονό σας με τον αριθμό "
            "αναφοράς {reference}.\n\nΜπορείτε να παρακολουθείτε την πορεία του εδώ, "
            "οποιαδήποτε στιγμή:\n{tracking_url}\n\nΤι μας είπατε:\n{summary}\n\n"
            "Παρακαλούμε αναφέρετε τον αριθμό αναφοράς "
            "όταν μας γράφετε για αυτό το παράπονο.",
        ),
    },
    "stage_changed": {
        "en": (
            "News about your complaint",
            "There is news about your complaint {reference}:\n{stage}\n\nDetails: {tracking_url}",
        ),
        "pl": (
            "Nowe informacje o Twojej reklamacji",
            "mamy nowe informacje o Twojej reklamacji {reference}:\n{stage}\n\n"
            "Szczegóły: {tracking_url}",
        ),
        "ru": (
            "Новости по вашему обращению",
            "Есть новости по вашему обращению {reference}:\n{stage}\n\nПодробности: {tracking_url}",
        ),
        "el": (
            "Νέα για το παράπονό σας",
            "Υπάρχουν νέα για το παράπονό σας {reference}:\n{stage}\n\n"
            "Λεπτομέρειες: {tracking_url}",
        ),
    },
    "specialist_involved": {
        "en": (
            "An expert is looking at your complaint",
            "We have asked an expert for an opinion on your complaint {reference}. We expect "
            "news by {due_date}.\n\nYou can follow it here: {tracking_url}",
        ),
        "pl": (
            "Twoją reklamacją zajmuje się ekspert",
            "poprosiliśmy eksperta o opinię w sprawie Twojej reklamacji {reference}. "
            "Spodziewamy się odpowiedzi do {due_date}.\n\nMożesz śledzić jej stan tutaj: "
            "{tracking_url}",
        ),
        "ru": (
            "Вашим обращением занимается эксперт",
            "Мы попросили эксперта дать заключение по вашему обращению {reference}. Ожидаем "
            "новостей до {due_date}.\n\nСледить за ходом можно здесь: {tracking_url}",
        ),
        "el": (
            "Ένας ειδικός εξετάζει το παράπονό σας",
            "Ζητήσαμε τη γνώμη ενός ειδικού για το παράπονό σας {reference}. Αναμένουμε νέα "
            "έως τις {due_date}.\n\nΜπορείτε να παρακολουθείτε την πορεία του εδώ: "
            "{tracking_url}",
        ),
    },
    "closed": {
        "en": (
            "Your complaint is closed",
            "Your complaint {reference} is closed. Thank you for your patience.\n\n"
            "The full history stays available here: {tracking_url}",
        ),
        "pl": (
            "Twoja reklamacja została zamknięta",
            "Twoja reklamacja {reference} została zamknięta. Dziękujemy za cierpliwość.\n\n"
            "Pełna historia pozostaje dostępna tutaj: {tracking_url}",
        ),
        "ru": (
            "Ваше обращение закрыто",
            "Ваше обращение {reference} закрыто. Спасибо за терпение.\n\n"
            "Вся история по-прежнему доступна здесь: {tracking_url}",
        ),
        "el": (
            "Το παράπονό σας έκλεισε",
            "Το παράπονό σας {reference} έκλεισε. Σας ευχαριστούμε για την υπομονή σας.\n\n"
            "Ολόκληρο το ιστορικό παραμένει διαθέσιμο εδώ: {tracking_url}",
        ),
    },
}

SMS = {
    "received": {
        "en": "We received your complaint {reference}. Follow it: {tracking_url}",
        "pl": "Otrzymaliśmy Twoją reklamację {reference}. Status: {tracking_url}",
        "ru": "Мы получили ваше обращение {reference}. Статус: {tracking_url}",
        "el": "Λάβαμε το παράπονό σας {reference}. Πορεία: {tracking_url}",
    },
    "stage_changed": {
        "en": "Complaint {reference}: {stage} {tracking_url}",
        "pl": "Reklamacja {reference}: {stage} {tracking_url}",
        "ru": "Обращение {reference}: {stage} {tracking_url}",
        "el": "Παράπονο {reference}: {stage} {tracking_url}",
    },
    "decision": {
        "en": "We have decided on your complaint {reference}: {decision}. Details: {tracking_url}",
        "pl": "Decyzja w sprawie reklamacji {reference}: {decision}. Szczegóły: {tracking_url}",
        "ru": "По обращению {reference} принято решение: {decision}. Подробности: {tracking_url}",
        "el": "Απόφαση για το παράπονό σας {reference}: {decision}. Λεπτομέρειες: {tracking_url}",
    },
    "message_from_staff": {
        "en": "You have a new message about complaint {reference}: {tracking_url}",
        "pl": "Masz nową wiadomość w sprawie reklamacji {reference}: {tracking_url}",
        "ru": "У вас новое сообщение по обращению {reference}: {tracking_url}",
        "el": "Έχετε νέο μήνυμα για το παράπονο {reference}: {tracking_url}",
    },
    "deadline_extended": {
        "en": "Complaint {reference}: we need more time; our answer by {due_date}. {tracking_url}",
        "pl": "Reklamacja {reference}: potrzebujemy więcej czasu; odpowiedź do {due_date}. "
        "{tracking_url}",
        "ru": "Обращение {reference}: нам нужно больше времени; ответ до {due_date}. "
        "{tracking_url}",
        "el": "Παράπονο {reference}: χρειαζόμαστε περισσότερο χρόνο· απάντηση έως {due_date}. "
        "{tracking_url}",
    },
    "specialist_involved": {
        "en": "Complaint {reference}: an expert is looking at it; news by {due_date}.",
        "pl": "Reklamacja {reference}: sprawą zajmuje się ekspert; informacje do {due_date}.",
        "ru": "Обращение {reference}: им занимается эксперт; новости до {due_date}.",
        "el": "Παράπονο {reference}: το εξετάζει ειδικός· νέα έως {due_date}.",
    },
    "closed": {
        "en": "Your complaint {reference} is closed. Thank you. {tracking_url}",
        "pl": "Twoja reklamacja {reference} została zamknięta. Dziękujemy. {tracking_url}",
        "ru": "Ваше обращение {reference} закрыто. Спасибо. {tracking_url}",
        "el": "Το παράπονό σας {reference} έκλεισε. Ευχαριστούμε. {tracking_url}",
    },
}


def install_default_rules(rule_model, template_model):
    """Create the shipped rules and templates that do not exist yet (idempotent).

    E-mail rules are on; text messages are off except the acknowledgment, which goes by SMS
    only to a customer who gave us no e-mail address.
    """
    for event, texts in EMAIL.items():
        rule, _created = rule_model.objects.get_or_create(
            event=event, channel="email", defaults={"enabled": True}
        )
        for language, (subject, body) in texts.items():
            template_model.objects.get_or_create(
                rule=rule,
                language=language,
                defaults={
                    "subject": subject,
                    "body": HELLO[language] + body + "\n\n" + SIGN[language],
                },
            )
    for event, texts in SMS.items():
        rule, _created = rule_model.objects.get_or_create(
            event=event,
            channel="sms",
            defaults={"enabled": event == "received", "only_without_email": event == "received"},
        )
        for language, body in texts.items():
            template_model.objects.get_or_create(
                rule=rule, language=language, defaults={"subject": "", "body": body}
            )
