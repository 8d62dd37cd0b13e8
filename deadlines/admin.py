from django.contrib import admin

from deadlines.models import Calendar, ComplaintClock, DayOff, LegalRule, SlaPolicy


class DayOffInline(admin.TabularInline):
    model = DayOff
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "subdivision", "time_zone", "is_default"]
    inlines = [DayOffInline]


@admin.register(LegalRule)
class LegalRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "jurisdiction",
        "customer_type",
        "subject",
        "remedy",
        "days",
        "extended_days",
        "is_active",
    ]
    list_filter = ["jurisdiction", "is_active"]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "category",
        "priority",
        "customer_type",
        "first_response_hours",
        "resolution_hours",
        "is_active",
    ]


@admin.register(ComplaintClock)
class ComplaintClockAdmin(admin.ModelAdmin):
    list_display = ["complaint", "resolution_due", "paused_since", "stopped_at", "legal_due"]
    list_select_related = ["complaint"]
    raw_id_fields = ["complaint"]
    ordering = ["resolution_due"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
