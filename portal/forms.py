"""Form helpers shared by the apps."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MONTHS_GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


class DateInput(forms.DateInput):
    """A native date picker (the browser shows дд.мм.гггг in the Russian locale)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MonthField(forms.DateField):
    """A month typed as ГГГГ-ММ (the browser's month picker) or ММ.ГГГГ; cleaned to the 1st."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    default_error_messages = {"invalid": _("Укажите месяц в виде ММ.ГГГГ, например 03.2025.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value.replace(day=1)
        text = str(value).strip()
        for pattern, order in ((r"(\d{4})-(\d{1,2})", "ym"), (r"(\d{1,2})\.(\d{4})", "my")):
            match = re.fullmatch(pattern, text)
            if match:
                year, month = (match[1], match[2]) if order == "ym" else (match[2], match[1])
                if 1 <= int(month) <= 12 and 1900 <= int(year) <= 2100:
                    return dt.date(int(year), int(month), 1)
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class NameSearchForm(forms.Form):
    """The search box of a long list of PPOs (the catalogue, the staff matrix)."""

    q = forms.CharField(label=_("Название"), required=False, max_length=100)

    def query(self) -> str:
        """The words searched for; an invalid query (too long) searches nothing."""
        return self.cleaned_data["q"] if self.is_valid() else ""


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form: next to its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def int_param(
    value: str | None, *, default: int | None = None, minimum: int = 1, maximum: int = 9999
) -> int | None:
    """A whole number from a query string, or the default when it is not one (or out of range).

    ``str.isdigit`` is not enough: «²» is a digit for it but not for ``int``."""
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if minimum <= number <= maximum else default
