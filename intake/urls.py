from django.urls import path

from intake import views

app_name = "intake"
urlpatterns = [
    path("new/", views.new_complaint, name="new_complaint"),
    path("submitted/<str:token>/", views.submitted, name="submitted"),
]
