from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import BoundedDateField

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
    evidence_file = forms.FileField(
        label=_("Или файл"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, ODT, JPEG или PNG до 10 МБ."),
    )

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if activities is not None:
            self.fields["activity"].queryset = activities
