from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import BoundedDateField, DateInput
from portal.uploads import UploadField

from .models import Activity


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.measure.section.number}.{obj.measure.number}. {obj.text}"


class ExecutionRecordForm(forms.Form):
    activity = ActivityChoiceField(
        label=_("Строка программы"), queryset=Activity.objects.none(), empty_label=None
    )
    date = BoundedDateField(label=_("Дата"))
    text = forms.CharField(
        label=_("Что сделано"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    evidence_url = forms.URLField(
        label=_("Ссылка на подтверждение"),
        required=False,
        assume_scheme="https",
        help_text=_("Публикация, фото, протокол в облаке…"),
    )
    evidence_file = UploadField(purpose="evidence", label=_("Или файл"), required=False)

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if activities is not None:
            self.fields["activity"].queryset = activities


class PresidiumReportDateForm(forms.Form):
    as_of = forms.DateField(
        label=_("На дату"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "required": _("Укажите дату отчёта."),
            "invalid": _("Укажите дату в виде ДД.ММ.ГГГГ."),
        },
    )

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("Дата отчёта не может быть в будущем."), code="future")
        if self.programme is not None and as_of < self.programme.approved_on:
            raise forms.ValidationError(
                _("Программа утверждена %(date)s: выберите дату не раньше.")
                % {"date": f"{self.programme.approved_on:%d.%m.%Y}"},
                code="before_programme",
            )
        return as_of
