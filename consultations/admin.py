from django.contrib import admin

from consultations.models import OpinionRequest


@admin.register(OpinionRequest)
class OpinionRequestAdmin(admin.ModelAdmin):
    list_display = ["complaint", "specialist", "department", "due", "answered_at", "cancelled_at"]
    list_filter = ["due"]
    raw_id_fields = ["complaint"]
    readonly_fields = ["asked_by", "asked_at", "answered_by", "answered_at", "cancelled_by"]
