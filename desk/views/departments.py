"""Settings: departments asked for expert opinions (WF-6), for admins."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.departments import delete_department, save_department
from accounts.models import Department
from desk.opinion_forms import DepartmentForm
from desk.views.settings import admin_required

PAGE_SIZE = 50


@admin_required
def department_list(request):
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            department = save_department(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Department “%(name)s” added.") % {"name": department.name})
            return redirect("desk:departments")
    departments = Department.objects.prefetch_related("members")
    page = Paginator(departments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "desk/departments.html", {"page": page, "form": form})


@admin_required
def edit_department(request, pk):
    department = get_object_or_404(Department, pk=pk)
    form = DepartmentForm(
        request.POST or None,
        initial={"name": department.name, "members": list(department.members.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_department(department, **form.cleaned_data)
        except ValidationError as error:
            department.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("Department “%(name)s” saved.") % {"name": department.name})
            return redirect("desk:departments")
    return render(request, "desk/department_edit.html", {"department": department, "form": form})


@admin_required
def remove_department(request, pk):
    department = get_object_or_404(Department, pk=pk)
    if request.method == "POST":
        try:
            delete_department(department)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Department “%(name)s” deleted.") % {"name": department.name}
            )
        return redirect("desk:departments")
    return render(request, "desk/department_delete.html", {"department": department})
