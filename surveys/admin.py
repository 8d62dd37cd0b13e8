from django.contrib import admin

from surveys.models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["complaint", "sent_at", "expires_at", "answered_at", "score"]
    list_filter = ["score"]
    search_fields = ["complaint__reference"]
    list_select_related = ["complaint"]
    readonly_fields = ["token", "complaint", "sent_at", "answered_at", "score", "comment"]
