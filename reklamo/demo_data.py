"""A demo company: staff with known passwords and about 200 complaints in every stage."""

import io
import random
import unicodedata
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.departments import save_department
from accounts.models import Department, Role
from complaints.attachments import add_staff_attachments
from complaints.classification import classify, set_tags
from complaints.customers import Contact
from complaints.merging import link_complaints, merge_complaint
from complaints.models import AttachmentRole, Category, Channel, Complaint, Priority, Remedy
from complaints.ownership import assign_complaint, take_complaint
from consultations.opinions import give_opinion, request_opinion
from customfields.definitions import add_definition
from customfields.models import AttributeDefinition
from customfields.values import save_values
from deadlines.calendars import business_time_between, default_calendar
from deadlines.checker import check_clocks
from deadlines.clocks import record_answer_delivered
from desk.columns import DEFAULT_COLUMNS, choose_list_columns
from desk.saved_filters import save_filter
from intake.registration import register_complaint
from notifications.models import OutboundEmail, StaffAlert
from routing.models import Mode
from routing.profiles import add_absence, profile_for, save_settings, update_profile
from sms.models import OutboundSms
from workflow.decisions import record_decision
from workflow.defaults import (
    ACTIONS_DONE_TRANSITIONS,
    CHECKLIST_TRANSITIONS,
    DECIDED_BY_DECISION,
    DEFAULT_TRANSITIONS,
)
from workflow.resolution import complete_action, open_actions
from workflow.transitions import move_complaint
from workflow.verification import ask_customer, checklist_for, set_check

DEMO_PASSWORD = "reklamo-demo"
DEMO_STAFF = [
    # username, first name, last name, role
    ("admin", "Alicja", "Nowak", Role.ADMIN),
    ("manager", "Marek", "Wiśniewski", Role.MANAGER),
    ("agent", "Anna", "Kowalska", Role.AGENT),
    ("agent2", "Piotr", "Zieliński", Role.AGENT),
    ("expert", "Ewa", "Jankowska", Role.SPECIALIST),
]

PRODUCTS = [
    "Washing machine WX-700",
    "Espresso machine Barista Pro",
    "Running shoes Trail 3",
    "Laptop ZenBook 14",
    "Winter jacket Tundra",
    "Smartphone Nova 12",
    "Vacuum cleaner AirMax",
    "Sofa Oslo 3-seat",
    "Kids' bicycle Rocket 16",
    "Electric kettle Steel 1.7 l",
    "Headphones SoundWave BT",
    "Internet service Fibre 600",
    "Mobile plan Smart 50",
]
SERVICES = {"Internet service Fibre 600", "Mobile plan Smart 50"}
PROBLEMS = [
    "It stopped working after {days} days. The display shows error E{code}.",
    "The item arrived damaged: the box was crushed and the casing is cracked.",
    "The seam came apart after the second wash.",
    "It makes a loud grinding noise and smells of burning.",
    "The battery lasts about an hour instead of the promised ten.",
    "I was charged twice for the same month.",
    "A part is missing from the package (see photo).",
    "The colour is different from the one shown in the shop.",
]
FIRST_NAMES = {
    "pl": [
        "Jan",
        "Maria",
        "Tomasz",
        "Katarzyna",
        "Paweł",
        "Agnieszka",
        "Michał",
        "Joanna",
        "Krzysztof",
        "Zofia",
        "Adam",
        "Ewa",
        "Łukasz",
        "Małgorzata",
        "Piotr",
        "Anna",
    ],
    "en": ["Emma", "Oliver", "Sophie", "James", "Hannah", "Jack", "Olivia", "Harry"],
}
LAST_NAMES = {
    "pl": [
        "Kowalczyk",
        "Lewandowska",
        "Wójcik",
        "Kamińska",
        "Dąbrowski",
        "Mazur",
        "Krawczyk",
        "Piotrowska",
        "Grabowski",
        "Nowicka",
        "Pawlak",
        "Michalska",
        "Żak",
    ],
    "en": ["Clarke", "Bennett", "Turner", "Walker", "Price", "Hughes", "Wright", "Green"],
}
REASONS = {
    "waiting_customer": "Please send a photo of the serial number plate.",
    "waiting_specialist": "Asked the service team whether the fault is a manufacturing defect.",
    "resolution": "Accepted: manufacturing defect confirmed.",
    "rejected": "Damage caused by use against the manual.",
}
FINAL_STAGES = {"closed", "rejected"}
# Open demo complaints were received within this many days: some past the five working days
# of the default service level, none yet past the 14 days of the Polish consumer law (the
# demo shows one deemed accepted on purpose, see _seed_deadlines).
OPEN_AGE = timedelta(days=11)
# How the demo complaints spread over the stages the desk knows.
STAGE_WEIGHTS = {
    "new": 45,
    "verification": 35,
    "waiting_customer": 15,
    "waiting_specialist": 8,
    "decision": 30,
    "resolution": 25,
    "closed": 40,
    "rejected": 10,
}


DEMO_TAGS = ["urgent", "courier damage", "VIP customer", "second repair", "social media"]


def create_demo_staff():
    User = get_user_model()
    staff = {}
    for username, first, last, role in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "email": f"{username}@demo.reklamo.local",
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        staff[username] = user
    return staff


def seed_demo(*, now, count=200, seed=2026):
    """Create the demo company unless it exists; return the number of complaints created."""
    if Complaint.objects.exists():
        return 0
    rng = random.Random(seed)
    # Its own generator, so the complaints and stages stay what they were without fields.
    details_rng = random.Random(seed + 1)
    tags_rng = random.Random(seed + 2)  # apart, so tags don't change the stage spread
    staff = create_demo_staff()
    categories = create_demo_categories()
    agents = [staff["agent"], staff["agent2"]]
    paths = paths_from("new", [(source, target) for source, target, _, _ in DEFAULT_TRANSITIONS])
    stages = list(STAGE_WEIGHTS)
    weights = list(STAGE_WEIGHTS.values())
    # Drawn with replacement, so some customers come back with more complaints.
    customers = [_demo_contact(rng) for _ in range(count * 5 // 6)]
    # Its own generator too: open complaints are at most OPEN_AGE old, so the desk shows a
    # realistic mix of due dates on time, at risk and breached rather than a sea of red.
    stage_rng = random.Random(seed + 3)
    for number in range(count):
        contact, language = rng.choice(customers)
        stage = "new" if number < 3 else stage_rng.choices(stages, weights=weights)[0]
        minutes = rng.randint(30, 60 * 24 * 60)
        if stage in FINAL_STAGES:
            received_at = now - OPEN_AGE - timedelta(minutes=minutes)
        else:
            received_at = now - timedelta(minutes=minutes % int(OPEN_AGE.total_seconds() // 60))
        if number < 3:
            received_at = now - timedelta(minutes=10 * (number + 1))
        product = rng.choice(PRODUCTS)
        category, attributes = _demo_details(details_rng, categories, product, received_at)
        with transaction.atomic():
            complaint = register_complaint(
                category=category,
                attributes=attributes,
                channel=rng.choice(
                    [Channel.WEB_FORM] * 5 + [Channel.PHONE, Channel.EMAIL, Channel.WALK_IN]
                ),
                contact=contact,
                product=product,
                order_number=f"ORD-{rng.randint(100000, 999999)}",
                purchase_date=(received_at - timedelta(days=rng.randint(3, 400))).date(),
                description=rng.choice(PROBLEMS).format(
                    days=rng.randint(2, 90), code=rng.randint(10, 99)
                ),
                requested_remedy=rng.choice(Remedy.values),
                language=language,
                priority=rng.choices(Priority.values, weights=[2, 12, 4, 1])[0],
                received_at=received_at,
                consent_given=True,
                notify_customer=False,
            )
            if stage == "new" and rng.random() > 0.35:
                continue
            at = received_at
            owner = rng.choice(agents)
            at = _later(rng, at, now)
            if rng.random() < 0.7:
                take_complaint(complaint, agent=owner, now=at)
            else:
                assign_complaint(complaint, to=owner, by=staff["manager"], now=at)
            if category == categories["goods"] and details_rng.random() < 0.5:
                save_values(
                    complaint,
                    {"inspection_result": details_rng.choice(INSPECTIONS)},
                    by=owner,
                    now=_later(rng, at, now),
                )
            if tags_rng.random() < 0.3:
                set_tags(
                    complaint,
                    names=tags_rng.sample(DEMO_TAGS, k=tags_rng.choice([1, 1, 2])),
                    by=owner,
                    now=at,
                )
            if category is not None:
                kind = "product" if category == categories["goods"] else "service"
                classify(complaint, type=kind, by=owner, now=at)
            here = "new"
            for step in paths[stage]:
                at = _later(rng, at, now)
                if (here, step) in CHECKLIST_TRANSITIONS:
                    _verify(complaint, by=owner, now=at)
                if (here, step) in ACTIONS_DONE_TRANSITIONS:
                    _carry_out(complaint, by=owner, now=at)
                if (here, step) in DECIDED_BY_DECISION:
                    _decide(complaint, accept=step == "resolution", by=owner, now=at)
                elif step == "waiting_customer":
                    ask_customer(complaint, question=REASONS[step], by=owner, now=at)
                else:
                    move_complaint(
                        complaint, to=step, by=owner, now=at, reason=REASONS.get(step, "")
                    )
                here = step
            # Work in progress: part of the checklist ticked, part of the remedy carried out.
            if stage == "verification":
                _verify(complaint, by=owner, now=at, up_to=rng.randint(0, 4))
            elif stage == "resolution" and rng.random() < 0.3:
                _carry_out(complaint, by=owner, now=at)
    _merge_and_link(by=staff["manager"], now=now)
    _desk_preferences(staff, now=now)
    _seed_opinions(rng, staff, now=now)
    _seed_deadlines(staff, categories, now=now)
    _seed_portal_showcase(staff, categories, now=now)
    _seed_alert_history(now=now)
    # Last, so the demo's history above was taken and assigned by hand, not routed.
    seed_routing(staff, categories, now=now)
    return count + len(DEADLINE_SHOWCASE) + len(PORTAL_SHOWCASE_PRODUCTS)


# DL-1 … DL-3 on show: (contact, product, what happened, owner, the age of the complaint as
# business hours of the service level used, or calendar days).
DEADLINE_SHOWCASE = [
    (
        Contact(name="Zofia Amberska", email="zofia.amberska@example.com"),
        "Dishwasher CleanMax 45",
        "The dishwasher leaves white streaks on every glass since the first wash.",
        "agent",
        {"business_hours": 34},  # 85 % of 40: at risk, the owner is warned
    ),
    (
        Contact(name="Robert Czerwiński", email="robert.czerwinski@example.com"),
        "Smartwatch Pulse 3",
        "The strap broke off at the hinge after two weeks of normal wear.",
        "agent2",
        {"business_hours": 52},  # past 40: the service level is breached
    ),
    (
        Contact(name="Urszula Przeterminowana", email="urszula.p@example.com"),
        "Coffee grinder Mielnik 2",
        "The grinder stopped turning after a week; it only hums.",
        None,
        {"days": 16},  # past the 14 days of art. 7a: deemed accepted
    ),
]


def _seed_deadlines(staff, categories, *, now):
    """Three complaints whose clocks the new user should see: one at risk (amber), one
    breached (red), and one deemed accepted under the Polish 14-day rule."""
    calendar = default_calendar()
    for contact, product, description, owner, age in DEADLINE_SHOWCASE:
        if "days" in age:
            received_at = now - timedelta(days=age["days"])
        else:
            received_at = _business_hours_before(now, age["business_hours"], calendar)
        complaint = register_complaint(
            channel=Channel.WEB_FORM,
            contact=contact,
            product=product,
            description=description,
            requested_remedy=Remedy.REPAIR,
            language="pl",
            received_at=received_at,
            category=categories["goods"],
            consent_given=True,
            notify_customer=False,
        )
        classify(complaint, type="product", by=staff["manager"], now=received_at)
        if owner:
            assign_complaint(complaint, to=staff[owner], by=staff["manager"], now=received_at)
            move_complaint(complaint, to="verification", by=staff[owner], now=received_at)


# PO-1 … PO-3 and DO-1 … DO-3 on show: one customer with two complaints, for the tracking
# page, the e-mailed sign-in ("my complaints") and the documents.
PORTAL_CUSTOMER = Contact(
    name="Halina Zielińska", email="halina.zielinska@example.com", phone="+48 601 234 567"
)
PORTAL_SHOWCASE_PRODUCTS = ["Electric kettle Steel 1.7 l", "Robot vacuum Clean 300"]


def demo_photo(name, *, after):
    """A drawn photo: the kettle with its crack ("before"), or mended with a new lid."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (236, 239, 244))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((250, 170, 550, 520), radius=40, fill=(150, 158, 170))
    draw.rectangle((230, 140, 570, 190), fill=(80, 86, 98) if after else (120, 126, 138))
    draw.arc((520, 240, 660, 440), start=270, end=90, fill=(80, 86, 98), width=22)
    if after:
        draw.line((330, 360, 390, 420, 480, 290), fill=(21, 128, 61), width=24)
    else:
        draw.line((300, 200, 340, 290, 310, 360, 360, 470), fill=(185, 28, 28), width=10)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _seed_portal_showcase(staff, categories, *, now):
    """Halina's kettle: complained with a photo, repaired, photographed after, closed; its
    decision letter and hand-over protocol (with both photos) are made by the worker. Her
    robot vacuum: decided, a choice of repair or replacement waiting for her in the portal."""
    agent = staff["agent"]
    at = now - timedelta(days=20)
    kettle = _halina_decided(
        categories,
        agent=agent,
        at=at,
        product=PORTAL_SHOWCASE_PRODUCTS[0],
        order_number="ORD-774411",
        description="Pokrywka czajnika pękła przy zawiasie po tygodniu używania.",
        uploads=[demo_photo("pokrywka-pęknięta.jpg", after=False)],
        justification="Pęknięcie zawiasu to wada fabryczna; wymieniamy pokrywkę.",
    )
    add_staff_attachments(
        kettle,
        [demo_photo("po-naprawie.jpg", after=True)],
        role=AttachmentRole.AFTER,
        is_internal=False,
        by=agent,
        now=at + timedelta(days=6),
    )
    _carry_out(kettle, by=agent, now=at + timedelta(days=6))
    move_complaint(kettle, to="closed", by=agent, now=at + timedelta(days=6))

    _halina_decided(
        categories,
        agent=agent,
        at=now - timedelta(days=3),
        product=PORTAL_SHOWCASE_PRODUCTS[1],
        order_number="ORD-781902",
        description="Odkurzacz gubi mapę mieszkania i wraca do stacji co 10 minut.",
        justification="Czujnik lidar jest wadliwy. Naprawimy odkurzacz albo wymienimy go na nowy.",
        offered_remedies=["repair", "replacement"],
    )


def _halina_decided(categories, *, agent, at, justification, offered_remedies=(), **details):
    """One of Halina's complaints about goods, taken, verified and accepted for repair a day
    after it came; the answer reached her (the demo sends no e-mail)."""
    complaint = register_complaint(
        channel=Channel.WEB_FORM,
        contact=PORTAL_CUSTOMER,
        requested_remedy=Remedy.REPAIR,
        language="pl",
        received_at=at,
        category=categories["goods"],
        consent_given=True,
        notify_customer=False,
        **details,
    )
    take_complaint(complaint, agent=agent, now=at)
    move_complaint(complaint, to="verification", by=agent, now=at + timedelta(hours=1))
    _verify(complaint, by=agent, now=at + timedelta(hours=2))
    move_complaint(complaint, to="decision", by=agent, now=at + timedelta(hours=2))
    decided = at + timedelta(days=1)
    record_decision(
        complaint,
        outcome="accepted",
        justification=justification,
        remedy="repair",
        offered_remedies=list(offered_remedies),
        by=agent,
        now=decided,
        notify_customer=False,
    )
    record_answer_delivered(complaint, at=decided)
    return complaint


def portal_showcase_link():
    """The tracking page of Halina's open complaint, for the demo's banner; "" if absent."""
    complaint = (
        Complaint.objects.filter(
            customer__email=PORTAL_CUSTOMER.email, product=PORTAL_SHOWCASE_PRODUCTS[1]
        )
        .only("tracking_token")
        .first()
    )
    return f"/track/{complaint.tracking_token}/" if complaint else ""


def _seed_alert_history(*, now):
    """Run the deadline checker once, as the scheduler would, and file what it raised about
    the ordinary demo complaints as past history: read, and e-mailed long ago. What it
    raised about the showcase stays unread and waits in the outbox, so the worker prints
    those warning e-mails when the demo starts and the desk lists them under My warnings."""
    check_clocks(now=now)
    showcase = Complaint.objects.filter(
        product__in=[product for _, product, *_ in DEADLINE_SHOWCASE]
    )
    StaffAlert.objects.exclude(complaint__in=showcase).update(read_at=now)
    # The notices the seeded history sent its customers (stage changes, closings, surveys)
    # belong to that history too: filed as sent, not printed by the worker on first start.
    OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).exclude(
        purpose=OutboundEmail.Purpose.STAFF_ALERT, complaint__in=showcase
    ).update(status=OutboundEmail.Status.SENT, sent_at=now)
    OutboundSms.objects.filter(status=OutboundSms.Status.PENDING).update(
        status=OutboundSms.Status.SENT, sent_at=now
    )


def _business_hours_before(now, hours, calendar):
    """The moment `hours` business hours before `now` on the calendar (to the minute)."""
    wanted = timedelta(hours=hours)
    newest, oldest = now, now - timedelta(days=60)
    while newest - oldest > timedelta(minutes=1):
        middle = oldest + (newest - oldest) / 2
        if business_time_between(middle, now, calendar) > wanted:
            oldest = middle
        else:
            newest = middle
    return newest


def seed_routing(staff, categories, *, now):
    """DL-4 in the demo: Anna speaks Polish and English and handles goods, Piotr speaks only
    English and handles goods and services; new complaints go to the least loaded of those
    who fit. So a new complaint in Polish about goods reaches Anna, and one in Polish about
    a service finds nobody and alerts the manager."""
    goods, services = categories["goods"], categories["services"]
    update_profile(
        profile_for(staff["agent"]),
        categories=[goods],
        languages=["pl", "en"],
        presence="available",
        receives_new_work=True,
    )
    update_profile(
        profile_for(staff["agent2"]),
        categories=[goods, services],
        languages=["en"],
        presence="available",
        receives_new_work=True,
    )
    first_day = timezone.localdate(now) + timedelta(days=14)
    add_absence(
        staff["agent2"],
        first_day=first_day,
        last_day=first_day + timedelta(days=6),
        note="Holiday",
    )
    save_settings(
        mode=Mode.LEAST_LOAD,
        match_categories=True,
        match_languages=True,
        respect_presence=True,
        sticky_owner=True,
    )


def _verify(complaint, *, by, now, up_to=None):
    for item in checklist_for(complaint)[:up_to]:
        set_check(complaint, item, checked=True, by=by, now=now)


def _carry_out(complaint, *, by, now):
    for action in open_actions(complaint):
        complete_action(action, by=by, now=now)


INSPECTIONS = [
    "Casing scratched, no sign of a fall.",
    "Fault reproduced on the bench.",
    "Could not reproduce the fault.",
]


def create_demo_categories():
    """Goods and Services with a few custom fields (IN-7), unless they exist already."""
    categories = {}
    for key, name in (("goods", "Goods"), ("services", "Services")):
        category = Category.objects.filter(name__iexact=name).first()
        categories[key] = category or Category.objects.create(name=name)
    goods, services = categories["goods"], categories["services"]
    if not AttributeDefinition.objects.filter(category=goods).exists():
        add_definition(
            category=goods,
            label="Serial number",
            kind="text",
            required=True,
            help_text="On the plate at the back or under the device.",
        )
        add_definition(
            category=goods, label="Purchased in", kind="choice", choices=["Shop", "Online"]
        )
        add_definition(category=goods, label="Warranty card", kind="file")
        add_definition(
            category=goods, label="Inspection result", kind="text", visible_to_customer=False
        )
    if not AttributeDefinition.objects.filter(category=services).exists():
        add_definition(category=services, label="Date of service", kind="date", required=True)
    return categories


def _demo_details(rng, categories, product, received_at):
    """A demo complaint's category and its answers to the customer's fields."""
    if product in SERVICES:
        served = (received_at - timedelta(days=rng.randint(1, 20))).date()
        return categories["services"], {"date_of_service": served}
    return categories["goods"], {
        "serial_number": f"SN-{rng.randint(10000000, 99999999)}",
        "purchased_in": rng.choice(["Shop", "Online"]),
    }


def _desk_preferences(staff, *, now):
    """A few saved filters and a column choice, so the demo's list shows them."""
    save_filter(staff["agent"], name="Mine", query="mine=on", now=now)
    save_filter(staff["agent"], name="New, oldest first", query="stage=new&sort=received", now=now)
    save_filter(staff["manager"], name="Urgent first", query="sort=-priority", now=now)
    choose_list_columns(staff["manager"], keys=[*DEFAULT_COLUMNS, "category", "tags", "age"])


def _merge_and_link(*, by, now):
    """WF-9 in the demo: a customer's open duplicate merged, two complaints about one product
    linked."""
    open_complaints = list(
        Complaint.objects.exclude(stage__in=["closed", "rejected"]).order_by("received_at", "pk")
    )
    by_customer = {}
    for complaint in open_complaints:
        by_customer.setdefault(complaint.customer_id, []).append(complaint)
    pair = next((found for found in by_customer.values() if len(found) >= 2), None)
    if pair:
        merge_complaint(pair[1], into=pair[0], by=by, now=now - timedelta(minutes=5))
    merged = {complaint.pk for complaint in pair or []}
    by_product = {}
    for complaint in open_complaints:
        if complaint.pk in merged:
            continue
        same = by_product.setdefault(complaint.product, [])
        if same and same[0].customer_id != complaint.customer_id:
            link_complaints(same[0], complaint, by=by, now=now - timedelta(minutes=4))
            return
        same.append(complaint)


OPINION_QUESTIONS = [
    "Is this a manufacturing defect or damage from use? Photos attached by the customer.",
    "Can the unit be repaired within 14 days, or should we replace it?",
    "The customer says the part was missing from the box. Does the packing list confirm it?",
]
OPINION_ANSWERS = [
    "Manufacturing defect: the seal is misaligned at the factory. Replace the unit.",
    "Repairable: the pump needs replacing, about 5 working days.",
]


def _seed_opinions(rng, staff, *, now):
    """WF-6: the expert's department is asked about complaints in Verification; a few
    answered, the rest waiting (one of them overdue)."""
    expert = staff["expert"]
    department = Department.objects.filter(name__iexact="Technical service").first()
    if department is None:
        department = save_department(name="Technical service", members=[expert])
    candidates = list(
        Complaint.objects.filter(
            stage="verification",
            owner__isnull=False,
            merged_into__isnull=True,
            received_at__lt=now - timedelta(days=9),
        ).order_by("pk")[:5]
    )
    for number, complaint in enumerate(candidates):
        asked_at = now - timedelta(days=8 - number)
        opinion = request_opinion(
            complaint,
            specialist=expert if number % 2 else None,
            department=None if number % 2 else department,
            question=OPINION_QUESTIONS[number % len(OPINION_QUESTIONS)],
            # Asked a week ago, due within five days: the first one is overdue now.
            due=(asked_at + timedelta(days=5 + number)).date(),
            by=complaint.owner,
            now=asked_at,
        )
        if number >= 3:
            give_opinion(
                opinion,
                answer=OPINION_ANSWERS[number % len(OPINION_ANSWERS)],
                by=expert,
                now=_later(rng, asked_at, now),
            )


def _decide(complaint, *, accept, by, now):
    remedy = complaint.requested_remedy if complaint.requested_remedy != "other" else "voucher"
    money = remedy in ("refund", "price_reduction")
    record_decision(
        complaint,
        outcome="accepted" if accept else "rejected",
        justification=REASONS["resolution" if accept else "rejected"],
        remedy=remedy if accept else "",
        amount="249.00" if accept and money else None,
        currency="PLN" if accept and money else "",
        by=by,
        now=now,
        notify_customer=False,
    )
    # The demo sends no e-mail: its customers got their answers at once, by other means.
    record_answer_delivered(complaint, at=now)


def _later(rng, at, now):
    return min(at + timedelta(minutes=rng.randint(5, 600)), now)


def paths_from(start, transitions):
    """The shortest route from `start` to every stage, as lists of stage keys to move to."""
    routes = {start: []}
    queue = [start]
    while queue:
        here = queue.pop(0)
        for source, target in transitions:
            if source == here and target not in routes:
                routes[target] = [*routes[here], target]
                queue.append(target)
    return routes


def _demo_contact(rng):
    language = rng.choices(["pl", "en"], weights=[3, 1])[0]
    name = f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"
    plain = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    address = plain.encode("ascii", "ignore").decode().lower().replace(" ", ".")
    contact = Contact(
        name=name,
        email=f"{address}{rng.randint(1, 99)}@example.com" if rng.random() < 0.9 else "",
        phone=f"+48 60{rng.randint(1000000, 9999999)}",
    )
    return contact, language
