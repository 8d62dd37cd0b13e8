# ruff: noqa: RUF001 -- the shipped texts are Russian and Greek on purpose.
"""The canned responses Reklamo ships (CO-3): thanks, apology, a request for information and
a follow-up, in English, Polish, Russian and Greek. Admins change or switch them off."""

# key: {language: (title, subject, body)}
DEFAULT_CANNED_RESPONSES = {
    "thanks": {
        "en": (
            "Thanks",
            "Thank you – {reference}",
            "Dear {customer_name},\n\nthank you for contacting us about {product}. We are "
            "working on your complaint {reference} and will be in touch soon.\n\nYou can "
            "follow it here: {tracking_url}\n\nKind regards,\n{agent_name}",
        ),
        "pl": (
            "Podziękowanie",
            "Dziękujemy – {reference}",
            "Szanowni Państwo,\n\ndziękujemy za kontakt w sprawie produktu {product}. "
            "Zajmujemy się reklamacją {reference} i wkrótce się odezwiemy.\n\nJej stan można "
            "sprawdzać tutaj: {tracking_url}\n\nZ poważaniem\n{agent_name}",
        ),
        "ru": (
            "Благодарность",
            "Спасибо – {reference}",
            "Уважаемый(ая) {customer_name},\n\nспасибо за обращение по поводу товара "
            "{product}. Мы работаем над вашей жалобой {reference} и скоро свяжемся с "
            "вами.\n\nСледить за ней можно здесь: {tracking_url}\n\nС уважением,\n{agent_name}",
        ),
        "el": (
            "Ευχαριστίες",
            "Σας ευχαριστούμε – {reference}",
            "Αγαπητέ/ή {customer_name},\n\nσας ευχαριστούμε που επικοινωνήσατε μαζί μας για "
            "το προϊόν {product}. Εξετάζουμε το παράπονό σας {reference} και θα επικοινωνήσουμε "
            "σύντομα.\n\nΜπορείτε να το παρακολουθείτε εδώ: {tracking_url}\n\nΜε εκτίμηση,\n"
            "{agent_name}",
        ),
    },
    "apology": {
        "en": (
            "Apology",
            "We are sorry – {reference}",
            "Dear {customer_name},\n\nwe are sorry for the trouble with {product} and for "
            "the inconvenience it caused you. We are doing our best to put it right.\n\n"
            "Kind regards,\n{agent_name}",
        ),
        "pl": (
            "Przeprosiny",
            "Przepraszamy – {reference}",
            "Szanowni Państwo,\n\nprzepraszamy za kłopot z produktem {product} i związane z "
            "nim niedogodności. Robimy wszystko, by to naprawić.\n\nZ poważaniem\n{agent_name}",
        ),
        "ru": (
            "Извинение",
            "Приносим извинения – {reference}",
            "Уважаемый(ая) {customer_name},\n\nприносим извинения за проблему с товаром "
            "{product} и причинённые неудобства. Мы делаем всё, чтобы это исправить.\n\n"
            "С уважением,\n{agent_name}",
        ),
        "el": (
            "Συγγνώμη",
            "Ζητούμε συγγνώμη – {reference}",
            "Αγαπητέ/ή {customer_name},\n\nζητούμε συγγνώμη για το πρόβλημα με το προϊόν "
            "{product} και την ταλαιπωρία. Κάνουμε ό,τι μπορούμε για να το διορθώσουμε.\n\n"
            "Με εκτίμηση,\n{agent_name}",
        ),
    },
    "info_request": {
        "en": (
            "Request for information",
            "We need a few details – {reference}",
            "Dear {customer_name},\n\nto handle your complaint {reference} about {product} we "
            "need some more information:\n\n- \n\nPlease reply to this e-mail.\n\n"
            "Kind regards,\n{agent_name}",
        ),
        "pl": (
            "Prośba o informacje",
            "Potrzebujemy kilku informacji – {reference}",
            "Szanowni Państwo,\n\naby rozpatrzyć reklamację {reference} dotyczącą produktu "
            "{product}, potrzebujemy dodatkowych informacji:\n\n- \n\nProsimy o odpowiedź na "
            "tę wiadomość.\n\nZ poważaniem\n{agent_name}",
        ),
        "ru": (
            "Запрос информации",
            "Нам нужны подробности – {reference}",
            "Уважаемый(ая) {customer_name},\n\nчтобы рассмотреть вашу жалобу {reference} по "
            "товару {product}, нам нужна дополнительная информация:\n\n- \n\nПожалуйста, "
            "ответьте на это письмо.\n\nС уважением,\n{agent_name}",
        ),
        "el": (
            "Αίτημα πληροφοριών",
            "Χρειαζόμαστε μερικές πληροφορίες – {reference}",
            "Αγαπητέ/ή {customer_name},\n\nγια να εξετάσουμε το παράπονό σας {reference} για "
            "το προϊόν {product} χρειαζόμαστε περισσότερες πληροφορίες:\n\n- \n\nΠαρακαλούμε "
            "απαντήστε σε αυτό το μήνυμα.\n\nΜε εκτίμηση,\n{agent_name}",
        ),
    },
    "follow_up": {
        "en": (
            "Follow-up",
            "News about your complaint {reference}",
            "Dear {customer_name},\n\nwe would like to let you know how your complaint "
            "{reference} about {product} is going:\n\n\n\nYou can follow it here: "
            "{tracking_url}\n\nKind regards,\n{agent_name}",
        ),
        "pl": (
            "Informacja o postępach",
            "Co słychać w reklamacji {reference}",
            "Szanowni Państwo,\n\nchcemy poinformować o postępach reklamacji {reference} "
            "dotyczącej produktu {product}:\n\n\n\nJej stan można sprawdzać tutaj: "
            "{tracking_url}\n\nZ poważaniem\n{agent_name}",
        ),
        "ru": (
            "Новости по жалобе",
            "Новости по вашей жалобе {reference}",
            "Уважаемый(ая) {customer_name},\n\nсообщаем, как продвигается ваша жалоба "
            "{reference} по товару {product}:\n\n\n\nСледить за ней можно здесь: "
            "{tracking_url}\n\nС уважением,\n{agent_name}",
        ),
        "el": (
            "Ενημέρωση",
            "Νέα για το παράπονό σας {reference}",
            "Αγαπητέ/ή {customer_name},\n\nθέλουμε να σας ενημερώσουμε για την πορεία του "
            "παραπόνου σας {reference} για το προϊόν {product}:\n\n\n\nΜπορείτε να το "
            "παρακολουθείτε εδώ: {tracking_url}\n\nΜε εκτίμηση,\n{agent_name}",
        ),
    },
}


def create_default_canned_responses(CannedResponse):
    """Create the shipped responses with the given model class (real or from a migration)."""
    for key, languages in DEFAULT_CANNED_RESPONSES.items():
        for language, (title, subject, body) in languages.items():
            CannedResponse.objects.get_or_create(
                key=key,
                language=language,
                defaults={"title": title, "subject": subject, "body": body},
            )
