from django.contrib import admin

from portal.models import DecisionAnswer


@admin.register(DecisionAnswer)
class DecisionAnswerAdmin(admin.ModelAdmin):
    """Read-only: answers come from the customer, through the portal."""

    list_display = ["decision", "answer", "remedy", "answered_at"]
    list_filter = ["answer"]
    readonly_fields = ["decision", "answer", "remedy", "reason", "answered_at"]

    def has_add_permission(self, request):
        return False
