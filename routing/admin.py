from django.contrib import admin

from routing.models import Absence, AgentProfile, RoutingSettings


@admin.register(RoutingSettings)
class RoutingSettingsAdmin(admin.ModelAdmin):
    list_display = ["mode", "match_categories", "match_languages", "respect_presence"]


@admin.register(AgentProfile)
class AgentProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "presence", "receives_new_work", "languages", "last_routed_at"]
    list_select_related = ["user"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["user", "first_day", "last_day", "note"]
    list_select_related = ["user"]
