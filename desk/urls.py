from django.urls import path

from desk.views import (
    attachments,
    board,
    categories,
    complaints,
    customfields,
    merging,
    registration,
    settings,
)
from desk.views import table as table_views

app_name = "desk"
urlpatterns = [
    path("", complaints.complaint_list, name="complaint_list"),
    path("columns/", table_views.choose_columns, name="choose_columns"),
    path("filters/", table_views.saved_filter_list, name="saved_filters"),
    path("filters/save/", table_views.save_current_filter, name="save_filter"),
    path("filters/<int:pk>/rename/", table_views.rename_saved_filter, name="rename_filter"),
    path("filters/<int:pk>/delete/", table_views.delete_saved_filter, name="delete_filter"),
    path("bulk/", table_views.bulk_action, name="bulk_action"),
    path("board/", board.board, name="board"),
    path("board/columns/<slug:stage>/", board.board_column, name="board_column"),
    path("complaints/new/", registration.new_complaint, name="new_complaint"),
    path("complaints/new/fields/", registration.attribute_fields, name="attribute_fields"),
    path("complaints/<str:reference>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<str:reference>/take/", complaints.take, name="take"),
    path("complaints/<str:reference>/assign/", complaints.assign, name="assign"),
    path("complaints/<str:reference>/move/", complaints.move, name="move"),
    path("complaints/<str:reference>/decide/", complaints.decide, name="decide"),
    path("complaints/<str:reference>/notes/", complaints.note, name="note"),
    path(
        "complaints/<str:reference>/classification/",
        complaints.change_classification,
        name="classify",
    ),
    path(
        "complaints/<str:reference>/details/",
        customfields.edit_attributes,
        name="edit_attributes",
    ),
    path("complaints/<str:reference>/link/", merging.link, name="link"),
    path("complaints/<str:reference>/unlink/<str:other>/", merging.unlink, name="unlink"),
    path("complaints/<str:reference>/merge/", merging.merge, name="merge"),
    path("settings/process/", settings.process_settings, name="process_settings"),
    path("settings/processes/<int:pk>/", settings.process_settings, name="process_edit"),
    path("settings/processes/<int:pk>/delete/", categories.remove_process, name="remove_process"),
    path("settings/categories/", categories.categories, name="categories"),
    path("settings/categories/<int:pk>/", categories.edit_category, name="edit_category"),
    path(
        "settings/categories/<int:pk>/delete/", categories.remove_category, name="remove_category"
    ),
    path("settings/fields/", customfields.field_settings, name="field_settings"),
    path("settings/fields/<int:pk>/", customfields.edit_field, name="edit_field"),
    path("settings/fields/<int:pk>/active/", customfields.toggle_field, name="toggle_field"),
    path("settings/fields/<int:pk>/delete/", customfields.remove_field, name="remove_field"),
    path("settings/process/stages/<int:pk>/", settings.edit_stage, name="edit_stage"),
    path("settings/process/stages/<int:pk>/delete/", settings.remove_stage, name="remove_stage"),
    path(
        "settings/process/transitions/<int:pk>/delete/",
        settings.remove_transition,
        name="remove_transition",
    ),
    path("customers/search/", registration.customer_search, name="customer_search"),
    path("customers/<int:pk>/pick/", registration.customer_pick, name="customer_pick"),
    path("attachments/<int:pk>/", attachments.attachment_file, name="attachment"),
    path(
        "attachments/<int:pk>/thumbnail/",
        attachments.attachment_file,
        {"variant": "thumbnail"},
        name="attachment_thumbnail",
    ),
]
