from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from reklamo.languages import activate_requested_language
from surveys.answers import AlreadyAnswered, SurveyExpired, answer_survey
from surveys.forms import SurveyForm
from surveys.models import Survey


@require_http_methods(["GET", "POST"])
def answer(request, token):
    """CO-4: the customer's survey, reached by the link in the e-mail; no sign-in.

    It speaks the complaint's language unless the customer picks another. An unknown token
    is a 404 like any page that does not exist: it tells a guesser nothing.
    """
    survey = get_object_or_404(Survey.objects.select_related("complaint"), token=token)
    chosen = request.GET.get("lang") or request.POST.get("lang")
    if not chosen and survey.complaint.language in dict(settings.LANGUAGES):
        translation.activate(survey.complaint.language)
        request.LANGUAGE_CODE = survey.complaint.language
    activate_requested_language(request)
    now = timezone.now()
    context = {"survey": survey, "complaint": survey.complaint}
    if survey.is_answered:
        return render(request, "surveys/answered.html", context)
    if survey.is_expired(now):
        return render(request, "surveys/expired.html", context, status=410)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_survey(survey, now=now, **form.cleaned_data)
        except AlreadyAnswered:
            return render(request, "surveys/answered.html", context)
        except SurveyExpired:
            return render(request, "surveys/expired.html", context, status=410)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            url = request.path + f"?lang={request.LANGUAGE_CODE}"
            return redirect(url)
    return render(request, "surveys/answer.html", {**context, "form": form})
