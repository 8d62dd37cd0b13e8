from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("<str:token>/", views.track, name="track"),
    path("<str:token>/message/", views.message, name="message"),
    path("<str:token>/answer/", views.answer, name="answer"),
    path("<str:token>/files/<int:pk>/", views.attachment, name="attachment"),
    path("<str:token>/documents/<int:pk>/", views.document, name="document"),
    path(
        "<str:token>/files/<int:pk>/thumbnail/",
        views.attachment,
        {"variant": "thumbnail"},
        name="attachment_thumbnail",
    ),
]
