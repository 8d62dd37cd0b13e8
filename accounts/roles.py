"""Who may do what on the desk. First cut of AD-1: admin, manager, agent."""

from django.contrib.auth.decorators import user_passes_test

from accounts.models import Role


def is_staff_member(user):
    return user.is_authenticated and user.is_active and user.role in Role.values


def can_assign(user):
    """Assigning a complaint to someone else is a manager's call."""
    return is_staff_member(user) and user.is_manager


staff_required = user_passes_test(is_staff_member)
