"""Documents on the desk (DO-1, DO-2): the complaint page's "Generate" and downloads, and the
admins' settings page for templates, what the customer gets by e-mail and which stages make
which documents."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import staff_required, team_required
from complaints.queries import visible_complaints
from desk.views.notification_settings import TEMPLATE_LANGUAGES
from desk.views.settings import admin_required
from documents.editing import preview_pdf, save_template
from documents.emails import emailed_kinds
from documents.files import document_response
from documents.generation import generate_document, template_texts
from documents.models import Document, DocumentTemplate, Kind, KindSetting
from documents.placeholders import PLACEHOLDERS
from documents.rendering import DocumentError
from workflow.models import Process, Stage


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Document"),
        choices=Kind.choices,
        error_messages={
            "invalid_choice": gettext_lazy("Choose a kind of document from the list."),
            "required": gettext_lazy("Choose a kind of document from the list."),
        },
    )


class TemplateForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 22}),
        help_text=DocumentTemplate._meta.get_field("body").help_text,
    )


def _detail_url(reference):
    return reverse("desk:complaint_detail", args=[reference]) + "#documents"


@team_required
@require_POST
def generate(request, reference):
    complaint = get_object_or_404(
        visible_complaints(request.user).select_related("customer", "owner"), reference=reference
    )
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["kind"][0])
        return redirect(_detail_url(reference))
    kind = form.cleaned_data["kind"]
    try:
        document = generate_document(complaint, kind, by=request.user, now=timezone.now())
    except DocumentError as error:
        messages.error(
            request,
            _("The %(kind)s could not be made: %(error)s Ask an admin to correct its template.")
            % {"kind": Kind(kind).label.lower(), "error": error},
        )
    else:
        messages.success(
            request,
            _("%(filename)s is made and on the timeline.") % {"filename": document.filename},
        )
    return redirect(_detail_url(reference))


@staff_required
def download(request, pk):
    """A document's PDF, for staff who may see its complaint (404 for everyone else)."""
    document = get_object_or_404(Document.objects.select_related("complaint"), pk=pk)
    if not visible_complaints(request.user).filter(pk=document.complaint_id).exists():
        raise Http404
    return document_response(document, inline=request.GET.get("inline") == "1")


@admin_required
def document_settings(request):
    have = set(DocumentTemplate.objects.values_list("kind", "language"))
    emailed = emailed_kinds()
    kinds = [
        {
            "kind": kind,
            "label": label,
            "emailed": kind in emailed,
            "languages": [(code, name, (kind, code) in have) for code, name in TEMPLATE_LANGUAGES],
        }
        for kind, label in Kind.choices
    ]
    processes = [
        (process, list(process.stages.order_by("position", "pk")))
        for process in Process.objects.prefetch_related("stages")
    ]
    return render(
        request,
        "desk/document_settings.html",
        {
            "kinds": kinds,
            "kind_choices": Kind.choices,
            "processes": processes,
            "placeholders": PLACEHOLDERS.items(),
            "settings_page": "documents",
        },
    )


@admin_required
@require_POST
def toggle_email(request, kind):
    if kind not in Kind.values:
        raise Http404
    setting, _created = KindSetting.objects.get_or_create(
        kind=kind, defaults={"email_to_customer": kind in emailed_kinds()}
    )
    setting.email_to_customer = not setting.email_to_customer
    setting.save(update_fields=["email_to_customer"])
    label = Kind(kind).label
    if setting.email_to_customer:
        messages.success(
            request, _("“%(kind)s” now goes with the customer's e-mail.") % {"kind": label}
        )
    else:
        messages.success(request, _("“%(kind)s” is no longer e-mailed.") % {"kind": label})
    return redirect("desk:document_settings")


@admin_required
@require_POST
def stage_documents(request, pk):
    """Which kinds the stage makes on entering (workflow Stage.documents)."""
    stage = get_object_or_404(Stage, pk=pk)
    chosen = request.POST.getlist("kinds")
    unknown = [kind for kind in chosen if kind not in Kind.values]
    if unknown:
        messages.error(request, _("Choose kinds of documents from the list."))
        return redirect("desk:document_settings")
    stage.documents = [kind for kind in Kind.values if kind in chosen]
    stage.save(update_fields=["documents"])
    messages.success(
        request, _("Saved what “%(stage)s” makes on entering.") % {"stage": stage.label}
    )
    return redirect(reverse("desk:document_settings") + f"#stage-{stage.pk}")


@admin_required
def edit_template(request, kind, language):
    languages = dict(TEMPLATE_LANGUAGES)
    if kind not in Kind.values or language not in languages:
        raise Http404
    title, body = template_texts(kind, language)
    form = TemplateForm(request.POST or None, initial={"title": title, "body": body})
    now = timezone.now()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "preview" in request.POST:
                pdf = preview_pdf(
                    kind, language=language, title=data["title"], body=data["body"], now=now
                )
                return _pdf_preview(pdf, kind=kind, language=language)
            save_template(
                kind,
                language=language,
                title=data["title"],
                body=data["body"],
                by=request.user,
                now=now,
            )
        except DocumentError as error:
            form.add_error(error.part or "body", str(error))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The template is saved."))
            return redirect("desk:document_settings")
    return render(
        request,
        "desk/document_template_edit.html",
        {
            "form": form,
            "kind_label": Kind(kind).label,
            "language_name": languages[language],
            "placeholders": PLACEHOLDERS.items(),
            "settings_page": "documents",
        },
    )


def _pdf_preview(pdf, *, kind, language):
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"preview-{kind.replace('_', '-')}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "no-store"
    return response
