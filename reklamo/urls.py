from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.views import SignInView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="intake:new_complaint"), name="home"),
    path("complaints/", include("intake.urls")),
    path("track/", include("portal.urls")),
    path("my/", include("customer_access.urls")),
    path("", include("branding.urls")),
    path("survey/", include("surveys.urls")),
    path("desk/", include("desk.urls")),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
