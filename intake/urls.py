from django.urls import path

from intake import views

app_name = "intake"
urlpatterns = [
    path("new/", views.new_complaint, name="new_complaint"),
    path("new/fields/", views.attribute_fields, name="attribute_fields"),
    path("submitted/<str:token>/", views.submitted, name="submitted"),
]
