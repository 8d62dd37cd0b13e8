"""The outbox (CO-5): what Reklamo sends customers, by e-mail and SMS, for managers.

Failed messages get a "Retry" that puts them back in the queue; the outbox's claim keeps a
double click or a racing worker from sending one twice.
"""

from django.contrib import messages
from django.contrib.auth.decorators import user_passes_test
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications.models import OutboundEmail
from notifications.outbox import retry_email
from sms.models import OutboundSms
from sms.outbox import retry_sms

PAGE_SIZE = 50
CHANNELS = {"email": (OutboundEmail, retry_email), "sms": (OutboundSms, retry_sms)}

manager_required = user_passes_test(
    lambda user: user.is_authenticated and user.is_active and user.is_manager
)


@manager_required
def outbox(request):
    channel = request.GET.get("channel", "email")
    if channel not in CHANNELS:
        channel = "email"
    model, _retry = CHANNELS[channel]
    status = request.GET.get("status", "")
    rows = model.objects.select_related("complaint").order_by("-created_at", "-pk")
    if status in model.Status.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/outbox.html",
        {
            "page": page,
            "channel": channel,
            "status": status,
            "statuses": model.Status.choices,
            "query": urlencode({"channel": channel, "status": status}),
        },
    )


@manager_required
@require_POST
def retry(request, channel, pk):
    if channel not in CHANNELS:
        raise Http404
    _model, retry_message = CHANNELS[channel]
    if retry_message(pk, now=timezone.now()):
        messages.success(request, _("The message is queued to be sent again."))
    else:
        messages.error(request, _("That message has not failed (it was retried or sent already)."))
    return redirect(
        reverse("desk:outbox") + "?" + urlencode({"channel": channel, "status": "failed"})
    )
