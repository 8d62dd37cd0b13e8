"""The process Reklamo ships with: New → Verification → Decision → Resolution → Closed, plus
Rejected, Waiting for customer and Waiting for specialist."""

from django.utils.translation import gettext_noop

DEFAULT_PROCESS_NAME = gettext_noop("Default process")

# Shipped names and customer texts, in English; shown translated while unchanged.
DEFAULT_STAGE_TEXTS = {
    "new": (gettext_noop("New"), gettext_noop("We have received your complaint.")),
    "verification": (
        gettext_noop("Verification"),
        gettext_noop("We are checking the details of your complaint."),
    ),
    "decision": (gettext_noop("Decision"), gettext_noop("We are deciding on your complaint.")),
    "resolution": (
        gettext_noop("Resolution"),
        gettext_noop("We have decided on your complaint and are putting it right."),
    ),
    "waiting_customer": (
        gettext_noop("Waiting for customer"),
        gettext_noop("We are waiting for information from you."),
    ),
    "waiting_specialist": (
        gettext_noop("Waiting for specialist"),
        gettext_noop("An expert is looking at your complaint."),
    ),
    "closed": (gettext_noop("Closed"), gettext_noop("Your complaint is closed.")),
    "rejected": (gettext_noop("Rejected"), gettext_noop("Your complaint was not accepted.")),
}

# key, position, initial, final, tell the customer, service clock
DEFAULT_STAGES = [
    ("new", 10, True, False, False, "start"),
    ("verification", 20, False, False, False, ""),
    ("waiting_customer", 25, False, False, True, "pause"),
    ("waiting_specialist", 27, False, False, True, ""),
    ("decision", 30, False, False, False, ""),
    ("resolution", 40, False, False, True, ""),
    ("closed", 50, False, True, True, "stop"),
    ("rejected", 60, False, True, True, "stop"),
]

# source, target, roles allowed (empty: the complaint team), a reason required
DEFAULT_TRANSITIONS = [
    ("new", "verification", [], False),
    ("new", "rejected", [], True),
    ("verification", "waiting_customer", [], True),
    ("verification", "waiting_specialist", [], True),
    ("verification", "decision", [], False),
    ("verification", "rejected", [], True),
    ("waiting_customer", "verification", [], False),
    ("waiting_specialist", "verification", [], False),
    ("waiting_specialist", "decision", [], False),
    ("decision", "resolution", [], True),
    ("decision", "rejected", [], True),
    ("decision", "verification", [], False),
    ("resolution", "closed", [], False),
    # Back for review when the customer contests an accepted decision (PO-2), or a manager
    # sees the remedy cannot be carried out.
    ("resolution", "verification", ["manager", "admin"], True),
    ("closed", "verification", ["manager", "admin"], True),
    ("rejected", "verification", ["manager", "admin"], True),
]


# Documents each stage makes on entering (DO-1): documents.models.Kind values. The documents
# app's data migration gave the shipped process these; a process created afterwards (a new
# installation's first, a test database's) gets them here.
DEFAULT_STAGE_DOCUMENTS = {
    "new": ["registration_confirmation"],
    "waiting_customer": ["information_request"],
    "resolution": ["decision_letter"],
    "rejected": ["decision_letter"],
    "closed": ["protocol"],
}

# Stages where the complaint waits for someone outside the team (WF-2, WF-6).
WAITING_STAGES = {"waiting_customer": "customer", "waiting_specialist": "specialist"}

# What a move requires beyond a reason: the verification checklist, resolution actions done.
# Both ways into Decision: straight from Verification and after a specialist's opinion.
CHECKLIST_TRANSITIONS = {("verification", "decision"), ("waiting_specialist", "decision")}
ACTIONS_DONE_TRANSITIONS = {("resolution", "closed")}

# The verification checklist for every category (WF-2); admins add per-category items.
DEFAULT_CHECKLIST = [
    ("completeness", gettext_noop("The product and the fault are described")),
    ("completeness", gettext_noop("Proof of purchase (receipt, invoice or order number)")),
    ("completeness", gettext_noop("Photos or other evidence of the fault, where it can be seen")),
    ("legitimacy", gettext_noop("Bought from us and within the complaint period")),
    ("legitimacy", gettext_noop("The fault is not caused by wear or misuse")),
]

# Moves that recording a decision makes, by its outcome; its justification is the reason.
DECIDED_BY_DECISION = {
    ("decision", "resolution"): ["accepted", "partial"],
    ("decision", "rejected"): ["rejected"],
}


def create_default_process(Process, Stage, Transition):
    """Build the shipped process with the given model classes (real or from a migration)."""
    process = Process.objects.create(name=DEFAULT_PROCESS_NAME, is_default=True)
    # Migrations before 0004 have neither waiting stages nor move requirements.
    stage_fields = {field.name for field in Stage._meta.get_fields()}
    transition_fields = {field.name for field in Transition._meta.get_fields()}
    stages = {}
    for key, position, initial, final, notify, clock in DEFAULT_STAGES:
        text = DEFAULT_STAGE_TEXTS[key]
        stages[key] = Stage.objects.create(
            process=process,
            key=key,
            name=text[0],
            customer_text=text[1],
            position=position,
            is_initial=initial,
            is_final=final,
            notify_customer=notify,
            clock=clock,
            **({"waits_for": WAITING_STAGES.get(key, "")} if "waits_for" in stage_fields else {}),
            **(
                {"documents": DEFAULT_STAGE_DOCUMENTS.get(key, [])}
                if "documents" in stage_fields
                else {}
            ),
        )
    for source, target, roles, reason in DEFAULT_TRANSITIONS:
        extra = {
            "decision_outcomes": DECIDED_BY_DECISION.get((source, target), []),
            "requires_checklist": (source, target) in CHECKLIST_TRANSITIONS,
            "requires_actions_done": (source, target) in ACTIONS_DONE_TRANSITIONS,
        }
        Transition.objects.create(
            process=process,
            source=stages[source],
            target=stages[target],
            allowed_roles=roles,
            requires_reason=reason,
            **{name: value for name, value in extra.items() if name in transition_fields},
        )
    return process


def upgrade_default_process(Process, Stage, Transition):
    """Give a process shipped before 0004 its waiting stages and move requirements."""
    for process in Process.objects.filter(is_default=True):
        for key, waits_for in WAITING_STAGES.items():
            Stage.objects.filter(process=process, key=key, waits_for="").update(waits_for=waits_for)
        for source, target in CHECKLIST_TRANSITIONS:
            Transition.objects.filter(
                process=process, source__key=source, target__key=target
            ).update(requires_checklist=True)
        for source, target in ACTIONS_DONE_TRANSITIONS:
            Transition.objects.filter(
                process=process, source__key=source, target__key=target
            ).update(requires_actions_done=True)


def create_default_checklist(ChecklistItem):
    if ChecklistItem.objects.exists():
        return
    for position, (kind, text) in enumerate(DEFAULT_CHECKLIST, start=1):
        ChecklistItem.objects.create(kind=kind, text=text, position=position * 10)
