from django.contrib import admin

from customfields.models import AttributeDefinition


@admin.register(AttributeDefinition)
class AttributeDefinitionAdmin(admin.ModelAdmin):
    list_display = ["label", "category", "kind", "required", "visible_to_customer", "is_active"]
    list_filter = ["category", "kind", "is_active"]
    readonly_fields = ["key"]
