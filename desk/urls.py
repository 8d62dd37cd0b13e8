from django.urls import path

from desk import views

app_name = "desk"
urlpatterns = [
    path("", views.complaint_list, name="complaint_list"),
    path("complaints/new/", views.new_complaint, name="new_complaint"),
    path("complaints/<str:reference>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<str:reference>/take/", views.take, name="take"),
    path("complaints/<str:reference>/assign/", views.assign, name="assign"),
    path("complaints/<str:reference>/move/", views.move, name="move"),
    path("customers/search/", views.customer_search, name="customer_search"),
    path("customers/<int:pk>/pick/", views.customer_pick, name="customer_pick"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment"),
    path(
        "attachments/<int:pk>/thumbnail/",
        views.attachment_file,
        {"variant": "thumbnail"},
        name="attachment_thumbnail",
    ),
]
