import functools

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from complaints.models import Complaint, TimelineEntry
from customer_access.portal import portal_required
from documents.files import document_response
from documents.queries import public_document, public_documents
from intake.throttling import allow_submission
from portal.answers import AlreadyAnswered, answer_decision, answerable, offered_remedies
from portal.forms import AcceptForm, ContestForm, MessageForm
from portal.links import is_revoked
from portal.models import DecisionAnswer
from portal.queries import customer_attachments, expected_decision, latest_decision, public_timeline
from portal.replies import PortalClosed, add_customer_message
from portal.serving import attachment_response
from reklamo.languages import activate_requested_language
from workflow.decisions import entry_remedy_labels
from workflow.models import Decision, Stage
from workflow.queries import process_for, stages_by_key

# What the tracking page may read of a complaint: nothing about its customer or handling.
PUBLIC_FIELDS = (
    "reference",
    "stage",
    "category",
    "received_at",
    "tracking_token",
    "merged_into",
)
DONE_NOTICES = {"message", "answer"}


def complaint_for_token(request, token):
    """The complaint of a tracking token; a replaced link gets its own page (404)."""
    activate_requested_language(request)
    complaint = Complaint.objects.only(*PUBLIC_FIELDS).filter(tracking_token=token).first()
    if complaint is None:
        if is_revoked(token):
            raise LinkRevoked
        raise Http404
    return complaint


class LinkRevoked(Exception):
    pass


def tracking_view(view):
    """Look the token up first; a revoked link says so instead of a bare 404. While the
    portal is switched off (branding), every tracking page says it is closed."""

    @functools.wraps(view)
    @portal_required
    def wrapped(request, token, *args, **kwargs):
        try:
            complaint = complaint_for_token(request, token)
        except LinkRevoked:
            return render(request, "portal/track_revoked.html", status=404)
        return view(request, complaint, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "HEAD"])
@tracking_view
def track(request, complaint):
    """The customer's view of their complaint: the status in plain words, nothing internal.

    A complaint merged into another (WF-9) says under which reference it continues and that
    complaint's status, and nothing else about it: it may be another customer's.
    """
    return render_track(request, complaint)


def render_track(request, complaint, *, status=200, **forms):
    survivor = None
    if complaint.merged_into_id:
        survivor = Complaint.objects.only("reference", "stage", "category").get(
            pk=complaint.merged_into_id
        )
    current = survivor or complaint
    stages = stages_by_key(process_for(current))
    stage = stages.get(current.stage)
    context = {
        "complaint": complaint,
        "stage": stage,
        "survivor": survivor,
        "done": request.GET.get("done") if request.GET.get("done") in DONE_NOTICES else "",
    }
    if survivor is None:
        context.update(tracking_context(complaint, stages=stages, stage=stage, forms=forms))
    return render(request, "portal/track.html", context, status=status)


def tracking_context(complaint, *, stages, stage, forms):
    decision = latest_decision(complaint)
    answer = DecisionAnswer.objects.filter(decision=decision).first() if decision else None
    offered = offered_remedies(decision) if decision else []
    timeline = list(public_timeline(complaint))
    previous_text = None
    for entry in timeline:
        entry.target_stage = stages.get(entry.data.get("target"))
        # A decision's justification is also its move's reason: say it once.
        entry.repeats_text = bool(entry.text) and entry.text == previous_text
        previous_text = entry.text
        entry.remedy_label, entry.offered_label = "", ""
        if entry.kind == TimelineEntry.Kind.DECISION:
            entry.remedy_label, entry.offered_label = entry_remedy_labels(entry.data)
        elif entry.data.get("remedy") in Decision.Remedy.values:
            entry.remedy_label = Decision.Remedy(entry.data["remedy"]).label
    waiting = stage is not None and stage.waits_for == Stage.WaitsFor.CUSTOMER
    questions = [entry for entry in timeline if entry.kind == TimelineEntry.Kind.QUESTION]
    return {
        "question": questions[-1].text if waiting and questions else "",
        "expected": expected_decision(
            complaint,
            now=timezone.now(),
            decision=decision,
            is_final=stage is not None and stage.is_final,
        ),
        "timeline": timeline,
        "attachments": customer_attachments(complaint),
        "documents": _with_urls(complaint, public_documents(complaint)),
        "decision": decision,
        "answer": answer,
        "answerable": decision is not None and answerable(decision, stage),
        "offered": offered,
        "message_form": forms.get("message_form") or MessageForm(),
        "accept_form": forms.get("accept_form") or AcceptForm(offered=offered, decision=decision),
        "contest_form": forms.get("contest_form") or ContestForm(),
        "answer_error": forms.get("answer_error", ""),
    }


def _with_urls(complaint, documents):
    for document in documents:
        document.url = reverse("portal:document", args=[complaint.tracking_token, document.pk])
    return documents


def add_errors(form, error):
    """Put a domain ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def done(request, complaint, what):
    url = reverse("portal:track", args=[complaint.tracking_token])
    return redirect(f"{url}?done={what}&lang={request.LANGUAGE_CODE}#{what}")


def rate_limited(request, form):
    """Count the post against the client's hourly allowance (intake.throttling)."""
    if allow_submission(request, now=timezone.now()):
        return False
    form.add_error(
        None,
        _(
            "We received too many messages from your network in the last hour. "
            "Please try again later or contact us by phone."
        ),
    )
    return True


@require_POST
@tracking_view
def message(request, complaint):
    """PO-1: the customer adds a message and/or files; errors keep what they typed."""
    form = MessageForm(request.POST, request.FILES)
    if complaint.merged_into_id:
        raise Http404
    throttled = form.is_valid() and rate_limited(request, form)
    if form.is_valid() and not throttled:
        try:
            add_customer_message(
                complaint,
                text=form.cleaned_data["text"],
                uploads=form.cleaned_data["files"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_errors(form, error)
        except PortalClosed as closed:
            form.add_error(None, str(closed))
        else:
            return done(request, complaint, "message")
    return render_track(request, complaint, status=429 if throttled else 400, message_form=form)


@require_POST
@tracking_view
def answer(request, complaint):
    """PO-1: accept the decision, choose a remedy, or contest it with a reason."""
    if complaint.merged_into_id:
        raise Http404
    decision = latest_decision(complaint)
    offered = offered_remedies(decision) if decision else []
    contesting = request.POST.get("answer") == DecisionAnswer.Answer.CONTESTED
    if contesting:
        form = ContestForm(request.POST, request.FILES)
        forms = {"contest_form": form}
    else:
        form = AcceptForm(request.POST, offered=offered, decision=decision)
        forms = {"accept_form": form}
    throttled = form.is_valid() and rate_limited(request, form)
    if form.is_valid() and not throttled:
        data = form.cleaned_data
        try:
            answer_decision(
                complaint,
                decision_id=request.POST.get("decision", ""),
                answer=request.POST.get("answer", ""),
                remedy=data.get("remedy", ""),
                reason=data.get("reason", ""),
                uploads=data.get("files", []),
                now=timezone.now(),
            )
        except ValidationError as error:
            add_errors(form, error)
        except AlreadyAnswered as refusal:
            forms["answer_error"] = str(refusal)
            return render_track(request, complaint, status=409, **forms)
        except PortalClosed as refusal:
            form.add_error(None, str(refusal))
        else:
            return done(request, complaint, "answer")
    return render_track(request, complaint, status=429 if throttled else 400, **forms)


@require_http_methods(["GET", "HEAD"])
@tracking_view
def attachment(request, complaint, pk, variant="file"):
    """A file of this complaint that the customer may see; any other id is a 404."""
    if complaint.merged_into_id:
        raise Http404
    found = get_object_or_404(customer_attachments(complaint), pk=pk)
    return attachment_response(found, variant=variant)


@require_http_methods(["GET", "HEAD"])
@tracking_view
def document(request, complaint, pk):
    """A customer-facing document of this complaint (any version; DO-1); any other id is a
    404: an internal document, another complaint's."""
    if complaint.merged_into_id:
        raise Http404
    found = public_document(complaint, pk)
    if found is None:
        raise Http404
    return document_response(found)
