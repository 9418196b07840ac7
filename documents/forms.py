from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import BoundedDateField
from portal.uploads import UploadField
from ppo.models import PrimaryOrganization
from ppo.selectors import organizations_active

from .models import Document, Submission
from .services import PAST_DEADLINE


class DocumentFileField(UploadField):
    """The pipeline's document field: types checked by content, size limit of the settings."""

    def __init__(self, **kwargs):
        super().__init__(purpose="document", **kwargs)


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Поиск по документам"), required=False, max_length=200)


class DocumentSendForm(forms.Form):
    ALL, CHOSEN = "all", "chosen"

    title = forms.CharField(label=_("Название"), max_length=300)
    kind = forms.ChoiceField(label=_("Вид"), choices=Document.Kind.choices)
    number = forms.CharField(label=_("Номер"), max_length=50, required=False)
    dated = BoundedDateField(label=_("Дата документа"), required=False)
    description = forms.CharField(
        label=_("Краткое содержание"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = DocumentFileField(label=_("Файл"))
    recipients = forms.ChoiceField(
        label=_("Кому"),
        choices=[(ALL, _("Всем действующим ППО")), (CHOSEN, _("Выбранным ППО"))],
        initial=ALL,
        widget=forms.RadioSelect,
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("ППО"),
        queryset=PrimaryOrganization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    acknowledge_by = BoundedDateField(
        label=_("Ознакомиться до"),
        required=False,
        help_text=_("Оставьте пустым, если подтверждение ознакомления не нужно."),
    )
    is_public = forms.BooleanField(
        label=_("Показать в открытой библиотеке документов"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations_active().order_by("short_name")

    def clean_acknowledge_by(self):
        value = self.cleaned_data.get("acknowledge_by")
        if value and value < timezone.localdate():
            raise forms.ValidationError(PAST_DEADLINE, code="past_deadline")
        return value

    def clean(self):
        data = super().clean()
        if data.get("recipients") == self.CHOSEN and not data.get("organizations"):
            self.add_error("organizations", _("Выберите хотя бы одну ППО."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        recipients = data.pop("recipients")
        organizations = data.pop("organizations")
        data["organizations"] = list(organizations) if recipients == self.CHOSEN else None
        return data


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид"), choices=Submission.Kind.choices)
    title = forms.CharField(
        label=_("Название"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("Например: протокол № 3 от 14.03.2025")}),
    )
    file = DocumentFileField(label=_("Файл"))
    comment = forms.CharField(
        label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SubmissionProcessForm(forms.Form):
    note = forms.CharField(label=_("Отметка"), required=False, max_length=1000)


class DigestSubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Адрес электронной почты"),
        error_messages={"invalid": _("Введите правильный адрес, например ivanova@mail.ru")},
    )
