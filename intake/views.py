from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from complaints.models import Channel, Complaint
from customer_access.signin import prefill_for
from intake.forms import PublicComplaintForm
from intake.registration import register_complaint
from intake.throttling import allow_submission
from notifications.acknowledgments import tracking_url
from reklamo.languages import activate_requested_language


def is_embedded(request):
    return request.GET.get("embed") == "1" or request.POST.get("embed") == "1"


def embeddable(view):
    """The `?embed=1` variant may be shown in a shop's <iframe>, by the origins settings allow."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if is_embedded(request):
            response.xframe_options_exempt = True
            response._csp_config = {
                **settings.SECURE_CSP,
                "frame-ancestors": settings.EMBED_ALLOWED_ORIGINS,
            }
        return response

    return wrapped


def page_options(request):
    embed = is_embedded(request)
    return {
        "embed": embed,
        "base_template": "reklamo/embed.html" if embed else "reklamo/public.html",
    }


@embeddable
def new_complaint(request):
    language = activate_requested_language(request)
    options = page_options(request)
    status = 200
    if request.method == "POST" and "show_fields" in request.POST:
        form = PublicComplaintForm.refreshed(request)
    elif request.method == "POST":
        form = PublicComplaintForm(request.POST, request.FILES)
        now = timezone.now()
        if not allow_submission(request, now=now):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "We received too many complaints from your network in the last hour. "
                    "Please try again later or contact us by phone."
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                complaint = register_complaint(
                    channel=Channel.WEB_FORM,
                    language=language,
                    received_at=now,
                    submission_key=form.cleaned_data["submission_key"],
                    **form.registration_fields(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                query = {"lang": language} | ({"embed": "1"} if options["embed"] else {})
                url = reverse("intake:submitted", args=[complaint.tracking_token])
                return redirect(f"{url}?{urlencode(query)}")
        else:
            status = 400
    else:
        # PO-2: a customer signed in to the portal starts with their name, e-mail and phone.
        form = PublicComplaintForm(initial=prefill_for(request, now=timezone.now()))
    return render(
        request,
        "intake/new_complaint.html",
        {"form": form, **options, "had_files": bool(request.FILES)},
        status=status,
    )


def attribute_fields(request):
    """htmx: the custom fields of the category chosen on the public form."""
    activate_requested_language(request)
    initial = {key: value for key, value in request.GET.items() if key.startswith("attr_")}
    form = PublicComplaintForm(initial={**initial, "category": request.GET.get("category")})
    return render(request, "intake/attribute_fields.html", {"form": form})


@embeddable
def submitted(request, token):
    activate_requested_language(request)
    complaint = get_object_or_404(
        Complaint.objects.select_related("customer"), tracking_token=token
    )
    return render(
        request,
        "intake/submitted.html",
        {"complaint": complaint, "tracking_url": tracking_url(complaint), **page_options(request)},
    )
