"""The customer's own pages: find a complaint, sign in by e-mail link, my complaints."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customer_access.forms import LookupForm, SignInForm
from customer_access.lookup import clean_reference, find_complaint
from customer_access.portal import portal_required
from customer_access.queries import complaints_of, customer_complaints, with_stages
from customer_access.signin import (
    InvalidLink,
    check_sign_in_link,
    send_sign_in_link,
    sign_in,
    sign_out,
    signed_in_email,
    use_sign_in_link,
)
from customer_access.throttling import allow_attempts
from reklamo.languages import activate_requested_language
from reklamo.throttling import client_address

PAGE_SIZE = 10


def too_many_attempts():
    return _(
        "Too many attempts from your network or for these details. "
        "Please wait an hour and try again, or contact us."
    )


@portal_required
def find(request):
    """Reference plus e-mail or phone: the tracking page on a match, one answer otherwise."""
    activate_requested_language(request)
    status = 200
    form = LookupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data
            allowed = allow_attempts(
                [
                    (
                        "lookup-address",
                        client_address(request),
                        settings.PORTAL_LOOKUPS_PER_ADDRESS,
                    ),
                    (
                        "lookup-reference",
                        clean_reference(data["reference"]),
                        settings.PORTAL_LOOKUPS_PER_REFERENCE,
                    ),
                ],
                now=timezone.now(),
            )
            if not allowed:
                form.add_error(None, too_many_attempts())
                status = 429
            else:
                complaint = find_complaint(data["reference"], data["contact"])
                if complaint is not None:
                    url = reverse("portal:track", args=[complaint.tracking_token])
                    return redirect(f"{url}?{urlencode({'lang': request.LANGUAGE_CODE})}")
                form.add_error(
                    None,
                    _(
                        "We could not find a complaint with this reference and this e-mail "
                        "or phone. Check both against our e-mail and try again."
                    ),
                )
    return render(request, "customer_access/find.html", {"form": form}, status=status)


@portal_required
def request_link(request):
    """Ask for a sign-in link. The answer never says whether we know the address."""
    activate_requested_language(request)
    now = timezone.now()
    if signed_in_email(request, now=now):
        return redirect("customer_access:my_complaints")
    status = 200
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            email = form.cleaned_data["email"]
            allowed = allow_attempts(
                [
                    (
                        "signin-address",
                        client_address(request),
                        settings.PORTAL_SIGNIN_REQUESTS_PER_ADDRESS,
                    ),
                    ("signin-email", email, settings.PORTAL_SIGNIN_REQUESTS_PER_EMAIL),
                ],
                now=now,
            )
            if not allowed:
                form.add_error(None, too_many_attempts())
                status = 429
            else:
                send_sign_in_link(email, now=now)
                return render(request, "customer_access/link_sent.html", {"email": email})
    return render(request, "customer_access/sign_in.html", {"form": form}, status=status)


@portal_required
def open_link(request, token):
    """The link from the e-mail. GET only shows a button: mail scanners that fetch links
    must not use it up; the customer's POST does."""
    activate_requested_language(request)
    now = timezone.now()
    try:
        if request.method == "POST":
            sign_in(request, use_sign_in_link(token, now=now), now=now)
            url = reverse("customer_access:my_complaints")
            return redirect(f"{url}?{urlencode({'lang': request.LANGUAGE_CODE})}")
        email = check_sign_in_link(token, now=now)
    except InvalidLink:
        return render(request, "customer_access/link_invalid.html", status=410)
    return render(request, "customer_access/open_link.html", {"email": email})


@portal_required
@require_POST
def leave(request):
    sign_out(request)
    return redirect("customer_access:sign_in")


@portal_required
def my_complaints(request):
    """The signed-in customer's complaints; current ones, or archived with ?archived=1."""
    activate_requested_language(request)
    email = signed_in_email(request, now=timezone.now())
    if email is None:
        return redirect("customer_access:sign_in")
    archived = request.GET.get("archived") == "1"
    page = Paginator(customer_complaints(email, archived=archived), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "customer_access/my_complaints.html",
        {
            "email": email,
            "archived": archived,
            "page": page,
            "rows": with_stages(page.object_list),
            "total": complaints_of(email).count(),
            "query": "archived=1" if archived else "",
            "new_complaint_url": reverse("intake:new_complaint"),
        },
    )
