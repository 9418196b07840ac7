from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import MonthField

from .models import CentralCommitteeReport, PpoMonthlyReport
from .services import REPORT_FIELDS


class MonthlyReportForm(forms.ModelForm):
    class Meta:
        model = PpoMonthlyReport
        fields = list(REPORT_FIELDS)
        widgets = {
            "social_posts": forms.Textarea(
                attrs={"rows": 4, "placeholder": "https://vk.com/wall-123_456"}
            ),
            "printed_materials": forms.Textarea(attrs={"rows": 2}),
            "events_covered": forms.Textarea(attrs={"rows": 3}),
            "contests": forms.Textarea(attrs={"rows": 2}),
            "problems": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "union_page_url": {"invalid": _("Введите полный адрес, начиная с https://")},
        }


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий для ППО"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentaryForm(forms.ModelForm):
    class Meta:
        model = CentralCommitteeReport
        fields = ["commentary"]
        widgets = {"commentary": forms.Textarea(attrs={"rows": 5})}


class CompileForm(forms.Form):
    month = MonthField(label=_("Месяц"))
