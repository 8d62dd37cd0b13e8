from django.contrib import admin

from workflow.models import Process, Stage, Transition


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = [
        "position",
        "key",
        "name",
        "customer_text",
        "is_initial",
        "is_final",
        "notify_customer",
        "clock",
    ]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    fields = ["source", "target", "allowed_roles", "required_fields", "requires_reason"]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default"]
    inlines = [StageInline, TransitionInline]
