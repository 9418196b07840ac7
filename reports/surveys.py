"""Surveys of PPOs' information resources: reads, writes and the answer form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from portal import uploads
from ppo.selectors import officer_organization, organizations_active

from .models import Survey, SurveyFileAnswer, SurveyQuestion, SurveyResponse

YES, NO = "yes", "no"


def surveys_for(organization) -> QuerySet[Survey]:
    """Published surveys assigned to a PPO (all PPOs, or it among the chosen ones)."""
    return (
        Survey.objects.filter(is_published=True)
        .filter(Q(for_all=True) | Q(organizations=organization))
        .distinct()
        .order_by("-deadline", "title")
    )


def assigned_organizations(survey: Survey):
    organizations = organizations_active()
    if not survey.for_all:
        organizations = organizations.filter(surveys=survey)
    return organizations.order_by("short_name")


SURVEY_KIND = "reports:survey"


def survey_assigned_ids(survey: Survey | None) -> set[int]:
    """The PPOs a published survey asks now (none while it is a draft)."""
    if survey is None or survey.pk is None or not survey.is_published:
        return set()
    return set(assigned_organizations(survey).values_list("pk", flat=True))


def survey_notify_assigned(*, survey: Survey, before: set[int]) -> int:
    """Tell the officers of the PPOs that a published survey asks now and did not ask before
    (``before``: ``survey_assigned_ids`` ahead of the change) that it waits for their answers."""
    from django.urls import reverse

    from portal.notifications import notify
    from ppo.selectors import appointments_in_force

    added = survey_assigned_ids(survey) - before
    if not added:
        return 0
    officers = [
        appointment.user
        for appointment in appointments_in_force()
        .filter(organization_id__in=added)
        .select_related("user")
    ]
    rows = notify(
        officers,
        SURVEY_KIND,
        f"Новая анкета «{survey.title}»: ответьте до {survey.deadline:%d.%m.%Y}",
        survey.description,
        reverse("reports:survey_answer", kwargs={"pk": survey.pk}),
    )
    return len(rows)


def field_name(question: SurveyQuestion) -> str:
    return f"q_{question.pk}"


# --- File answers --------------------------------------------------------------------------------
# A file answer is a SurveyFileAnswer row: a file of the upload pipeline in the private storage
# under a generated name, with the person's file name beside it; the JSON answers keep the other
# kinds only. It is downloaded only through reports:survey_file (the PPO's officer, staff, the
# Presidium).


@dataclass(frozen=True)
class FileLink:
    """A file answer on a page: its name, linking to the permission-checked download."""

    name: str
    url: str

    def __str__(self):
        return self.name


def file_answers_of(responses) -> dict[tuple[int, int], SurveyFileAnswer]:
    """The file answers of the responses, by (response id, question id)."""
    return {
        (answer.response_id, answer.question_id): answer
        for answer in SurveyFileAnswer.objects.filter(response__in=responses)
    }


def _file_answer_put(*, response: SurveyResponse, question: SurveyQuestion, file, user) -> None:
    """Store a file as the response's answer to the question (checked by the pipeline unless
    the form did already); a file it replaces is deleted from the storage once the transaction
    commits (never if it rolls back). Runs with the response row locked; a row inserted
    meanwhile by another path is taken over."""
    if not hasattr(file, "original_name"):
        file = uploads.check_upload(file, "survey_answer")
    fields = {
        "file": file,
        "original_name": file.original_name,
        "uploaded_at": timezone.now(),
        "uploaded_by": user,
    }
    answer = (
        SurveyFileAnswer.objects.select_for_update()
        .filter(response=response, question=question)
        .first()
    )
    if answer is None:
        created = SurveyFileAnswer(response=response, question=question, **fields)
        try:
            with transaction.atomic():
                created.save()
            return
        except IntegrityError:
            # The file was stored before the refused insert: no row will ever name it.
            if created.file.name:
                created.file.storage.delete(created.file.name)
            answer = SurveyFileAnswer.objects.select_for_update().get(
                response=response, question=question
            )
    old = answer.file.name
    for name, value in fields.items():
        setattr(answer, name, value)
    answer.save()
    if old and old != answer.file.name:
        storage = answer.file.storage
        transaction.on_commit(lambda: storage.delete(old))


class SurveyAnswerForm(forms.Form):
    """One field per question. Nothing is required here: a draft may be incomplete; the
    service checks required answers on submission."""

    def __init__(self, *args, questions, response: SurveyResponse | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = response.answers if response else {}
        stored = {a.question_id: a for a in response.file_answers.all()} if response else {}
        for question in self.questions:
            self.fields[field_name(question)] = self._field(question)
            value = answers.get(str(question.pk))
            if question.kind == SurveyQuestion.Kind.YES_NO and value is not None:
                value = YES if value else NO
            if question.kind != SurveyQuestion.Kind.FILE:
                self.initial[field_name(question)] = value
        self.files_answered = {
            field_name(q): stored[q.pk].original_name
            for q in self.questions
            if q.kind == SurveyQuestion.Kind.FILE and q.pk in stored
        }

    @staticmethod
    def _field(question: SurveyQuestion) -> forms.Field:
        label = question.text + (" *" if question.required else "")
        kind = SurveyQuestion.Kind
        options = [(o, o) for o in question.option_list()]
        if question.kind == kind.YES_NO:
            return forms.ChoiceField(
                label=label,
                required=False,
                choices=[(YES, "да"), (NO, "нет")],
                widget=forms.RadioSelect,
            )
        if question.kind == kind.NUMBER:
            return forms.DecimalField(label=label, required=False, max_digits=12, decimal_places=2)
        if question.kind == kind.TEXT:
            return forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        if question.kind == kind.SINGLE:
            return forms.ChoiceField(
                label=label, required=False, choices=options, widget=forms.RadioSelect
            )
        if question.kind == kind.MULTIPLE:
            return forms.MultipleChoiceField(
                label=label, required=False, choices=options, widget=forms.CheckboxSelectMultiple
            )
        if question.kind == kind.LINK:
            return forms.URLField(
                label=label,
                required=False,
                assume_scheme="https",
                error_messages={"invalid": "Введите полный адрес, начиная с https://"},
            )
        # Checked by content (PDF, DOCX, XLSX, ODT, JPEG, PNG) and size, images re-encoded.
        return uploads.UploadField(purpose="survey_answer", label=label, required=False)


def _json_value(question: SurveyQuestion, value):
    if value in (None, "", []):
        return None
    if question.kind == SurveyQuestion.Kind.YES_NO:
        return value == YES
    if question.kind == SurveyQuestion.Kind.NUMBER:
        return float(value) if isinstance(value, Decimal) else value
    return value


@transaction.atomic
def survey_response_save(
    *, user, organization, survey: Survey, cleaned_data: dict, submit: bool = False
) -> SurveyResponse:
    """Save a PPO's answers (a draft to come back to), or submit them."""
    own = officer_organization(user)
    if own is None or own.pk != organization.pk:
        raise PermissionDenied("Анкету заполняет ответственный по информационной работе ППО.")
    if not surveys_for(organization).filter(pk=survey.pk).exists():
        raise PermissionDenied("Эта анкета не назначена вашей ППО.")
    response, _ = SurveyResponse.objects.select_for_update().get_or_create(
        survey=survey, organization=organization
    )
    if response.submitted_at:
        raise ValidationError("Ответы уже отправлены.", code="submitted")
    questions = list(survey.questions.all())
    answers = dict(response.answers)
    files = {}
    for question in questions:
        value = cleaned_data.get(field_name(question))
        if question.kind == SurveyQuestion.Kind.FILE:
            answers.pop(str(question.pk), None)  # file answers live in SurveyFileAnswer
            if value:
                files[question] = value
            continue
        answers[str(question.pk)] = _json_value(question, value)
    if submit:
        has_file = set(response.file_answers.values_list("question_id", flat=True))
        has_file |= {q.pk for q in files}
        missing = {
            field_name(q): "Ответьте на этот вопрос."
            for q in questions
            if q.required
            and (
                q.pk not in has_file
                if q.kind == SurveyQuestion.Kind.FILE
                else answers.get(str(q.pk)) in (None, "", [])
            )
        }
        if missing:
            raise ValidationError(missing, code="required")
        response.submitted_at = timezone.now()
        response.submitted_by = user
    for question, file in files.items():
        _file_answer_put(response=response, question=question, file=file, user=user)
    response.answers = answers
    response.save()
    return response


def display_value(question: SurveyQuestion, value) -> str | None:
    """An answer as shown on pages and in the XLSX; ``value`` of a file question is its
    SurveyFileAnswer (or None)."""
    if value is None:
        return None
    if question.kind == SurveyQuestion.Kind.YES_NO:
        return "да" if value else "нет"
    if question.kind == SurveyQuestion.Kind.MULTIPLE:
        return "; ".join(value)
    if question.kind == SurveyQuestion.Kind.FILE:
        return (value.original_name or "file") if isinstance(value, SurveyFileAnswer) else None
    return value
