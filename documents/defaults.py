# ruff: noqa: RUF001 -- Greek and Cyrillic letters are the point of these texts.
"""What Reklamo ships for documents (DO-1, DO-2): the templates of each kind in English,
Polish, Russian and Greek, the words of the layout, the note on the customer's rights, the
stages that make documents, and which kinds travel with the customer's e-mail.

Installed by a data migration; admins edit the templates on the desk afterwards. A language
or kind with no template row falls back to these texts, so a document can always be made.
"""

from workflow import defaults as workflow_defaults

REGISTRATION = "registration_confirmation"
INFORMATION_REQUEST = "information_request"
DECISION = "decision_letter"
PROTOCOL = "protocol"

# The shipped process: the stage key and the kinds made on entering it.
DEFAULT_STAGE_DOCUMENTS = workflow_defaults.DEFAULT_STAGE_DOCUMENTS

# Kinds attached to the customer's e-mail of the step that made them (the decision e-mail,
# the "we need more from you" notification).
DEFAULT_EMAILED = {DECISION, INFORMATION_REQUEST}

SIGN_OFF = {
    "en": "Kind regards \\\n{agent_name} \\\n{company_name}",
    "pl": "Z poważaniem \\\n{agent_name} \\\n{company_name}",
    "ru": "С уважением, \\\n{agent_name} \\\n{company_name}",
    "el": "Με εκτίμηση, \\\n{agent_name} \\\n{company_name}",
}

TEMPLATES = {
    REGISTRATION: {
        "en": (
            "Confirmation of your complaint",
            "Dear {customer_name},\n\n"
            "we confirm that we received your complaint on {received_date} and registered it "
            "under the reference *{reference}*.\n\n"
            "*Product:* {product} \\\n*Order number:* {order_number} \\\n"
            "*What you would like:* {requested_remedy}\n\n"
            "*What you told us:* \\\n{description}\n\n"
            "We will answer within the time the law gives us. You can follow your complaint "
            "at any time: {tracking_url}\n\n",
        ),
        "pl": (
            "Potwierdzenie przyjęcia reklamacji",
            "Szanowni Państwo,\n\n"
            "potwierdzamy, że {received_date} otrzymaliśmy Państwa reklamację i "
            "zarejestrowaliśmy ją pod numerem *{reference}*.\n\n"
            "*Produkt:* {product} \\\n*Numer zamówienia:* {order_number} \\\n"
            "*Oczekiwanie klienta:* {requested_remedy}\n\n"
            "*Opis reklamacji:* \\\n{description}\n\n"
            "Odpowiemy w terminie przewidzianym przez prawo. Stan reklamacji można sprawdzić "
            "w każdej chwili: {tracking_url}\n\n",
        ),
        "ru": (
            "Подтверждение регистрации претензии",
            "Здравствуйте, {customer_name}!\n\n"
            "Подтверждаем, что {received_date} мы получили вашу претензию и зарегистрировали "
            "её под номером *{reference}*.\n\n"
            "*Товар:* {product} \\\n*Номер заказа:* {order_number} \\\n"
            "*Ваше требование:* {requested_remedy}\n\n"
            "*Суть претензии:* \\\n{description}\n\n"
            "Мы ответим в срок, установленный законом. Следить за ходом рассмотрения можно "
            "в любое время: {tracking_url}\n\n",
        ),
        "el": (
            "Επιβεβαίωση καταχώρισης παραπόνου",
            "Αγαπητέ/ή {customer_name},\n\n"
            "επιβεβαιώνουμε ότι στις {received_date} λάβαμε το παράπονό σας και το "
            "καταχωρίσαμε με αριθμό αναφοράς *{reference}*.\n\n"
            "*Προϊόν:* {product} \\\n*Αριθμός παραγγελίας:* {order_number} \\\n"
            "*Τι ζητάτε:* {requested_remedy}\n\n"
            "*Τι μας είπατε:* \\\n{description}\n\n"
            "Θα σας απαντήσουμε εντός της προθεσμίας που ορίζει ο νόμος. Μπορείτε να "
            "παρακολουθείτε την πορεία του οποιαδήποτε στιγμή: {tracking_url}\n\n",
        ),
    },
    INFORMATION_REQUEST: {
        "en": (
            "Request for information",
            "Dear {customer_name},\n\n"
            "to continue with your complaint {reference} of {received_date} we need more "
            "from you:\n\n{question}\n\n"
            "Please reply to our e-mail or use this link: {tracking_url}. Until we hear from "
            "you, the complaint waits for your answer.\n\n",
        ),
        "pl": (
            "Prośba o uzupełnienie informacji",
            "Szanowni Państwo,\n\n"
            "aby rozpatrzyć reklamację {reference} z dnia {received_date}, potrzebujemy od "
            "Państwa dodatkowych informacji:\n\n{question}\n\n"
            "Prosimy o odpowiedź na naszą wiadomość e-mail lub przez stronę: {tracking_url}. "
            "Do czasu otrzymania odpowiedzi reklamacja czeka na Państwa informacje.\n\n",
        ),
        "ru": (
            "Запрос дополнительной информации",
            "Здравствуйте, {customer_name}!\n\n"
            "Чтобы продолжить рассмотрение вашей претензии {reference} от {received_date}, "
            "нам нужны дополнительные сведения:\n\n{question}\n\n"
            "Пожалуйста, ответьте на наше письмо или воспользуйтесь ссылкой: {tracking_url}. "
            "До получения ответа претензия ожидает ваших сведений.\n\n",
        ),
        "el": (
            "Αίτημα για συμπληρωματικές πληροφορίες",
            "Αγαπητέ/ή {customer_name},\n\n"
            "για να συνεχίσουμε την εξέταση του παραπόνου σας {reference} της "
            "{received_date}, χρειαζόμαστε περισσότερες πληροφορίες:\n\n{question}\n\n"
            "Παρακαλούμε απαντήστε στο μήνυμά μας ή χρησιμοποιήστε τον σύνδεσμο: "
            "{tracking_url}. Μέχρι να λάβουμε την απάντησή σας, το παράπονο αναμένει τις "
            "πληροφορίες σας.\n\n",
        ),
    },
    DECISION: {
        "en": (
            "Decision on your complaint",
            "Dear {customer_name},\n\n"
            "we have considered your complaint {reference} of {received_date} about "
            "{product}.\n\n*Our decision:* {decision_outcome}\n\n"
            "*What we will do:* {remedy} \\\n*Amount:* {amount} \\\n"
            "*Compensation:* {compensation}\n\n"
            "*Reasons:* \\\n{justification}\n\n{rights}\n\n",
        ),
        "pl": (
            "Decyzja w sprawie reklamacji",
            "Szanowni Państwo,\n\n"
            "rozpatrzyliśmy Państwa reklamację {reference} z dnia {received_date} dotyczącą "
            "produktu {product}.\n\n*Nasza decyzja:* {decision_outcome}\n\n"
            "*Sposób załatwienia:* {remedy} \\\n*Kwota:* {amount} \\\n"
            "*Rekompensata:* {compensation}\n\n"
            "*Uzasadnienie:* \\\n{justification}\n\n{rights}\n\n",
        ),
        "ru": (
            "Решение по претензии",
            "Здравствуйте, {customer_name}!\n\n"
            "Мы рассмотрели вашу претензию {reference} от {received_date} относительно "
            "товара {product}.\n\n*Наше решение:* {decision_outcome}\n\n"
            "*Что мы сделаем:* {remedy} \\\n*Сумма:* {amount} \\\n"
            "*Компенсация:* {compensation}\n\n"
            "*Обоснование:* \\\n{justification}\n\n{rights}\n\n",
        ),
        "el": (
            "Απόφαση για το παράπονό σας",
            "Αγαπητέ/ή {customer_name},\n\n"
            "εξετάσαμε το παράπονό σας {reference} της {received_date} σχετικά με το προϊόν "
            "{product}.\n\n*Η απόφασή μας:* {decision_outcome}\n\n"
            "*Τι θα κάνουμε:* {remedy} \\\n*Ποσό:* {amount} \\\n"
            "*Αποζημίωση:* {compensation}\n\n"
            "*Αιτιολογία:* \\\n{justification}\n\n{rights}\n\n",
        ),
    },
    PROTOCOL: {
        "en": (
            "Hand-over protocol",
            "This protocol records the hand-over after the complaint {reference} of "
            "{received_date}.\n\n"
            "*Customer:* {customer_name} \\\n*Product:* {product} \\\n"
            "*Order number:* {order_number}\n\n*The complaint:* \\\n{description}\n\n"
            "*Decision:* {decision_outcome} \\\n*Remedy:* {remedy}\n\n"
            "*Date of the hand-over:* {date}\n\n"
            "By signing, both parties confirm the state described above and shown in the "
            "photos.",
        ),
        "pl": (
            "Protokół zdawczo-odbiorczy",
            "Niniejszy protokół dokumentuje przekazanie po rozpatrzeniu reklamacji "
            "{reference} z dnia {received_date}.\n\n"
            "*Klient:* {customer_name} \\\n*Produkt:* {product} \\\n"
            "*Numer zamówienia:* {order_number}\n\n*Opis reklamacji:* \\\n{description}\n\n"
            "*Decyzja:* {decision_outcome} \\\n*Sposób załatwienia:* {remedy}\n\n"
            "*Data przekazania:* {date}\n\n"
            "Podpisując protokół, obie strony potwierdzają stan opisany powyżej i widoczny na "
            "zdjęciach.",
        ),
        "ru": (
            "Акт приёма-передачи",
            "Настоящий акт фиксирует передачу по итогам рассмотрения претензии {reference} "
            "от {received_date}.\n\n"
            "*Клиент:* {customer_name} \\\n*Товар:* {product} \\\n"
            "*Номер заказа:* {order_number}\n\n*Суть претензии:* \\\n{description}\n\n"
            "*Решение:* {decision_outcome} \\\n*Способ удовлетворения:* {remedy}\n\n"
            "*Дата передачи:* {date}\n\n"
            "Подписывая акт, обе стороны подтверждают состояние, описанное выше и видимое на "
            "фотографиях.",
        ),
        "el": (
            "Πρωτόκολλο παράδοσης-παραλαβής",
            "Το παρόν πρωτόκολλο καταγράφει την παράδοση μετά την εξέταση του παραπόνου "
            "{reference} της {received_date}.\n\n"
            "*Πελάτης:* {customer_name} \\\n*Προϊόν:* {product} \\\n"
            "*Αριθμός παραγγελίας:* {order_number}\n\n*Το παράπονο:* \\\n{description}\n\n"
            "*Απόφαση:* {decision_outcome} \\\n*Αποκατάσταση:* {remedy}\n\n"
            "*Ημερομηνία παράδοσης:* {date}\n\n"
            "Με την υπογραφή τους, και τα δύο μέρη επιβεβαιώνουν την κατάσταση που "
            "περιγράφεται παραπάνω και φαίνεται στις φωτογραφίες.",
        ),
    },
}

# Letters end with the sign-off; the protocol ends with the signature places instead.
for _kind in (REGISTRATION, INFORMATION_REQUEST, DECISION):
    for _language, (_title, _body) in TEMPLATES[_kind].items():
        TEMPLATES[_kind][_language] = (_title, _body + SIGN_OFF[_language])

# {rights}: the note on the customer's rights in a decision letter, by who the customer is
# and whether the company answers under the financial-market rules (deadlines.LegalProfile).
RIGHTS = {
    "consumer": {
        "en": "This decision does not limit the rights the law gives you as a consumer. If you "
        "disagree, reply quoting the reference and we will look at the complaint again. You "
        "may also turn to a consumer advice body, an out-of-court dispute resolution body or "
        "a court.",
        "pl": "Niniejsza decyzja nie ogranicza praw, które przysługują Państwu jako "
        "konsumentowi. W razie braku zgody z decyzją prosimy o odpowiedź z podaniem numeru "
        "reklamacji, a ponownie rozpatrzymy sprawę. Mogą Państwo również zwrócić się do "
        "miejskiego lub powiatowego rzecznika konsumentów, skorzystać z pozasądowego "
        "rozwiązywania sporów albo dochodzić roszczeń przed sądem.",
        "ru": "Это решение не ограничивает права, которые закон предоставляет вам как "
        "потребителю. Если вы не согласны, ответьте нам, указав номер претензии, и мы "
        "рассмотрим её повторно. Вы также можете обратиться в орган по защите прав "
        "потребителей, к органу внесудебного урегулирования споров или в суд.",
        "el": "Η παρούσα απόφαση δεν περιορίζει τα δικαιώματα που σας παρέχει ο νόμος ως "
        "καταναλωτή. Αν διαφωνείτε, απαντήστε μας αναφέροντας τον αριθμό αναφοράς και θα "
        "εξετάσουμε ξανά το παράπονο. Μπορείτε επίσης να απευθυνθείτε στον Συνήγορο του "
        "Καταναλωτή, σε φορέα εξωδικαστικής επίλυσης διαφορών ή στο δικαστήριο.",
    },
    "business": {
        "en": "If you disagree with this decision, reply quoting the reference and we will "
        "look at the complaint again. This letter does not limit your rights under the "
        "contract and the law.",
        "pl": "W razie braku zgody z decyzją prosimy o odpowiedź z podaniem numeru reklamacji, "
        "a ponownie rozpatrzymy sprawę. Niniejsze pismo nie ogranicza praw wynikających z "
        "umowy i przepisów prawa.",
        "ru": "Если вы не согласны с решением, ответьте нам, указав номер претензии, и мы "
        "рассмотрим её повторно. Это письмо не ограничивает ваши права по договору и закону.",
        "el": "Αν διαφωνείτε με την απόφαση, απαντήστε μας αναφέροντας τον αριθμό αναφοράς "
        "και θα εξετάσουμε ξανά το παράπονο. Η παρούσα επιστολή δεν περιορίζει τα "
        "δικαιώματά σας από τη σύμβαση και τον νόμο.",
    },
    "financial": {
        "en": " You also have the right to turn to the financial ombudsman.",
        "pl": " Przysługuje Państwu także prawo zwrócenia się do Rzecznika Finansowego.",
        "ru": " Вы также вправе обратиться к финансовому омбудсмену.",
        "el": " Έχετε επίσης το δικαίωμα να απευθυνθείτε στον Χρηματοοικονομικό Διαμεσολαβητή.",
    },
}

# The words of the layout around the admin's text, in the document's language.
LABELS = {
    "en": {
        "reference": "Reference",
        "customer_copy": "Copy for the customer",
        "company_copy": "Copy for the company",
        "customer_signature": "The customer (date and signature)",
        "company_signature": "For the company (date and signature)",
        "before": "Before",
        "after": "After",
        "photos": "Photos",
        "page": "Page",
        "nobody": "Customer care",
        "your_choice": "your choice, on your tracking page",
    },
    "pl": {
        "reference": "Numer reklamacji",
        "customer_copy": "Egzemplarz dla klienta",
        "company_copy": "Egzemplarz dla firmy",
        "customer_signature": "Klient (data i podpis)",
        "company_signature": "W imieniu firmy (data i podpis)",
        "before": "Przed",
        "after": "Po",
        "photos": "Zdjęcia",
        "page": "Strona",
        "nobody": "Dział obsługi klienta",
        "your_choice": "do wyboru na stronie śledzenia reklamacji",
    },
    "ru": {
        "reference": "Номер претензии",
        "customer_copy": "Экземпляр для клиента",
        "company_copy": "Экземпляр для компании",
        "customer_signature": "Клиент (дата и подпись)",
        "company_signature": "От компании (дата и подпись)",
        "before": "До",
        "after": "После",
        "photos": "Фотографии",
        "page": "Страница",
        "nobody": "Служба поддержки клиентов",
        "your_choice": "на ваш выбор, на странице отслеживания",
    },
    "el": {
        "reference": "Αριθμός αναφοράς",
        "customer_copy": "Αντίτυπο για τον πελάτη",
        "company_copy": "Αντίτυπο για την εταιρεία",
        "customer_signature": "Ο πελάτης (ημερομηνία και υπογραφή)",
        "company_signature": "Για την εταιρεία (ημερομηνία και υπογραφή)",
        "before": "Πριν",
        "after": "Μετά",
        "photos": "Φωτογραφίες",
        "page": "Σελίδα",
        "nobody": "Εξυπηρέτηση πελατών",
        "your_choice": "της επιλογής σας, στη σελίδα παρακολούθησης",
    },
}

# Decision outcomes and remedies as the letters say them (the desk's catalogues may lag).
OUTCOMES = {
    "en": {
        "accepted": "your complaint is accepted",
        "partial": "your complaint is partly accepted",
        "rejected": "we cannot accept your complaint",
    },
    "pl": {
        "accepted": "reklamacja została uznana",
        "partial": "reklamacja została uznana częściowo",
        "rejected": "reklamacja nie została uznana",
    },
    "ru": {
        "accepted": "претензия удовлетворена",
        "partial": "претензия удовлетворена частично",
        "rejected": "в удовлетворении претензии отказано",
    },
    "el": {
        "accepted": "το παράπονό σας έγινε δεκτό",
        "partial": "το παράπονό σας έγινε εν μέρει δεκτό",
        "rejected": "δεν μπορούμε να δεχτούμε το παράπονό σας",
    },
}
REMEDIES = {
    "en": {
        "repair": "repair",
        "replacement": "replacement",
        "refund": "refund",
        "price_reduction": "price reduction",
        "voucher": "voucher or coupon",
        "gift": "gift",
        "other": "other",
    },
    "pl": {
        "repair": "naprawa",
        "replacement": "wymiana",
        "refund": "zwrot pieniędzy",
        "price_reduction": "obniżenie ceny",
        "voucher": "bon lub kupon",
        "gift": "upominek",
        "other": "inne",
    },
    "ru": {
        "repair": "ремонт",
        "replacement": "замена",
        "refund": "возврат денег",
        "price_reduction": "снижение цены",
        "voucher": "ваучер или купон",
        "gift": "подарок",
        "other": "другое",
    },
    "el": {
        "repair": "επισκευή",
        "replacement": "αντικατάσταση",
        "refund": "επιστροφή χρημάτων",
        "price_reduction": "μείωση τιμής",
        "voucher": "κουπόνι",
        "gift": "δώρο",
        "other": "άλλο",
    },
}

FALLBACK_LANGUAGE = "en"


def words(table, language):
    return table.get(language) or table[FALLBACK_LANGUAGE]


def shipped_template(kind, language):
    """(title, body) shipped for `kind` in `language`, else in English."""
    texts = TEMPLATES[kind]
    return texts.get(language) or texts[FALLBACK_LANGUAGE]


def install_defaults(DocumentTemplate, KindSetting, Process, Stage):
    """Create the shipped templates and settings that do not exist yet, and give the default
    process's stages their documents where an admin has not chosen any (idempotent)."""
    for kind, languages in TEMPLATES.items():
        for language, (title, body) in languages.items():
            DocumentTemplate.objects.get_or_create(
                kind=kind, language=language, defaults={"title": title, "body": body}
            )
        KindSetting.objects.get_or_create(
            kind=kind, defaults={"email_to_customer": kind in DEFAULT_EMAILED}
        )
    for process in Process.objects.filter(is_default=True):
        for key, kinds in DEFAULT_STAGE_DOCUMENTS.items():
            for stage in Stage.objects.filter(process=process, key=key):
                if not stage.documents:
                    stage.documents = kinds
                    stage.save(update_fields=["documents"])
