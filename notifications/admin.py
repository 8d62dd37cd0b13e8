from django.contrib import admin

from notifications.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "complaint", "purpose", "to", "status", "attempts", "sent_at"]
    list_filter = ["status", "purpose"]
    search_fields = ["to", "complaint__reference", "message_id"]
    list_select_related = ["complaint"]
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]
