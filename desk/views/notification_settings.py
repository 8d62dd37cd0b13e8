"""Settings: the notification rules (CO-1), for admins. Each rule is switched on or off;
its text is edited per language with a preview filled in with a sample complaint."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from desk.views.settings import admin_required
from notifications.models import NotificationRule, NotificationTemplate
from notifications.placeholders import PLACEHOLDERS
from notifications.placeholders import render as fill
from notifications.rules import ensure_default_rules, sample_values

# The languages texts are shipped in; a customer in another language gets English.
TEMPLATE_LANGUAGES = [("en", "English"), ("pl", "Polski"), ("ru", "Русский"), ("el", "Ελληνικά")]


class TemplateForm(forms.ModelForm):
    class Meta:
        model = NotificationTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


@admin_required
def notification_settings(request):
    ensure_default_rules()
    rules = NotificationRule.objects.prefetch_related("templates")
    for rule in rules:
        have = {template.language for template in rule.templates.all()}
        rule.languages = [(code, name, code in have) for code, name in TEMPLATE_LANGUAGES]
    return render(
        request,
        "desk/notification_settings.html",
        {"rules": rules, "placeholders": PLACEHOLDERS.items()},
    )


@admin_required
@require_POST
def toggle_rule(request, pk):
    rule = get_object_or_404(NotificationRule, pk=pk)
    rule.enabled = not rule.enabled
    rule.save(update_fields=["enabled"])
    messages.success(
        request,
        (_("“%(rule)s” is switched on.") if rule.enabled else _("“%(rule)s” is switched off."))
        % {"rule": rule},
    )
    return redirect("desk:notification_settings")


@admin_required
def edit_template(request, pk, language):
    if language not in dict(TEMPLATE_LANGUAGES):
        raise Http404
    rule = get_object_or_404(NotificationRule, pk=pk)
    template = NotificationTemplate.objects.filter(rule=rule, language=language).first()
    template = template or NotificationTemplate(rule=rule, language=language)
    form = TemplateForm(request.POST or None, instance=template)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            values = sample_values(language)
            preview = {
                "subject": fill(form.cleaned_data["subject"], values),
                "body": fill(form.cleaned_data["body"], values),
            }
        else:
            form.save()
            messages.success(request, _("The text is saved."))
            return redirect("desk:notification_settings")
    return render(
        request,
        "desk/notification_template_edit.html",
        {
            "form": form,
            "rule": rule,
            "language_name": dict(TEMPLATE_LANGUAGES)[language],
            "preview": preview,
            "is_sms": rule.channel == NotificationRule.Channel.SMS,
            "placeholders": PLACEHOLDERS.items(),
        },
    )
