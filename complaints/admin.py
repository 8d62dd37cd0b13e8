from django.contrib import admin

from complaints.models import Attachment, Complaint, Customer, TimelineEntry


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "language", "created_at"]
    search_fields = ["name", "email", "phone"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "channel", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class TimelineInline(admin.TabularInline):
    model = TimelineEntry
    fields = ["created_at", "kind", "actor", "is_public", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["reference", "received_at", "customer", "stage", "priority", "channel", "owner"]
    list_filter = ["stage", "channel", "priority"]
    search_fields = ["reference", "customer__name", "customer__email", "product", "order_number"]
    list_select_related = ["customer", "owner"]
    raw_id_fields = ["customer", "owner", "created_by"]
    readonly_fields = ["reference", "tracking_token", "submission_key", "received_at"]
    inlines = [AttachmentInline, TimelineInline]
