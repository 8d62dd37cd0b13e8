from django.contrib import admin

from mailin.models import InboundEmail


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    """Every e-mail received, read-only; mailboxes and the quarantine are under Settings → Mail."""

    list_display = ["received_at", "from_address", "subject", "outcome", "reason", "complaint"]
    list_filter = ["outcome"]
    search_fields = ["from_address", "subject", "message_id", "complaint__reference"]
    list_select_related = ["complaint"]
    readonly_fields = [field.name for field in InboundEmail._meta.fields if field.name != "raw"]
    exclude = ["raw"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw")

    def has_add_permission(self, request):
        return False
