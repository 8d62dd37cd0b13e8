"""Who may do what on the desk (AD-1): admin, manager, agent, and specialists consulted on
cases (WF-6). Which complaints each sees is complaints.queries.visible_complaints."""

from functools import wraps

from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied

from accounts.models import Role


def is_staff_member(user):
    return user.is_authenticated and user.is_active and user.role in Role.values


def is_team_member(user):
    """Staff who handle complaints; specialists sign in to the desk but are not among them."""
    return is_staff_member(user) and user.in_complaint_team


def can_assign(user):
    """Assigning a complaint to someone else is a manager's call."""
    return is_staff_member(user) and user.is_manager


staff_required = user_passes_test(is_staff_member)


def team_required(view):
    """Staff only, and refused (403) to a signed-in specialist rather than sent to sign in."""

    @wraps(view)
    @staff_required
    def wrapped(request, *args, **kwargs):
        if not request.user.in_complaint_team:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def managers_to_alert():
    """Who hears of what needs a manager: the active managers, or the active admins of an
    installation without one, so that such an alert never goes to nobody."""
    from accounts.models import User

    active = User.objects.filter(is_active=True).order_by("pk")
    return list(active.filter(role=Role.MANAGER)) or list(active.filter(role=Role.ADMIN))
