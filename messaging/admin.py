from django.contrib import admin

from messaging.models import CannedResponse


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    # The model's clean() refuses unknown placeholders here as on the settings page.
    list_display = ["title", "language", "category", "active"]
    list_filter = ["language", "active"]
    search_fields = ["title", "subject", "body"]
