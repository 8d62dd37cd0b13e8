from django.urls import path

from branding import views

app_name = "branding"
urlpatterns = [
    path("branding.css", views.stylesheet, name="stylesheet"),
    path("branding/logo", views.logo, name="logo"),
]
