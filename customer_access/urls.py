from django.urls import path

from customer_access import views

app_name = "customer_access"
urlpatterns = [
    path("", views.my_complaints, name="my_complaints"),
    path("find/", views.find, name="find"),
    path("sign-in/", views.request_link, name="sign_in"),
    path("sign-in/<str:token>/", views.open_link, name="sign_in_link"),
    path("sign-out/", views.leave, name="sign_out"),
]
