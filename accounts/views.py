from django.contrib.auth.views import LoginView
from django.shortcuts import resolve_url


class SignInView(LoginView):
    """Django's sign-in; without a `next`, a specialist lands on what they are consulted on
    (WF-6) and everyone else on LOGIN_REDIRECT_URL."""

    def get_default_redirect_url(self):
        if self.next_page is None and getattr(self.request.user, "is_specialist", False):
            return resolve_url("desk:consulted_on")
        return super().get_default_redirect_url()
