"""Form helpers shared by the apps."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
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


# The window of every date typed into a form: the portal's data starts in this century and plans
# reach a few years ahead. 0001-01-01 and 9999-12-31 are typing slips (or probes), not dates.
DATE_WINDOW_START = dt.date(2000, 1, 1)
DATE_WINDOW_YEARS_AHEAD = 5


def date_window() -> tuple[dt.date, dt.date]:
    """The first and the last date a form accepts (the last moves with today)."""
    today = timezone.localdate()
    try:
        last = today.replace(year=today.year + DATE_WINDOW_YEARS_AHEAD)
    except ValueError:  # 29 February
        last = today.replace(year=today.year + DATE_WINDOW_YEARS_AHEAD, day=28)
    return DATE_WINDOW_START, last


def validate_date_in_window(value) -> None:
    if value is None:
        return
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    first, last = date_window()
    if not first <= value <= last:
        raise ValidationError(
            _("Укажите дату с %(first)s по %(last)s."),
            code="date_out_of_window",
            params={"first": f"{first:%d.%m.%Y}", "last": f"{last:%d.%m.%Y}"},
        )


class DateInput(forms.DateInput):
    """A native date picker (the browser shows дд.мм.гггг in the Russian locale), limited to the
    date window."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def get_context(self, name, value, attrs):
        first, last = date_window()
        attrs = {"min": f"{first:%Y-%m-%d}", "max": f"{last:%Y-%m-%d}", **(attrs or {})}
        return super().get_context(name, value, attrs)


class BoundedDateField(forms.DateField):
    """A date within the window (see date_window); a date outside gets a message by the field."""

    widget = DateInput
    default_validators = [validate_date_in_window]


class BoundedDateTimeField(forms.DateTimeField):
    default_validators = [validate_date_in_window]


class BoundedSplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date + time pair, within the window."""

    default_validators = [validate_date_in_window]


class MonthField(forms.DateField):
    """A month typed as ГГГГ-ММ (the browser's month picker) or ММ.ГГГГ; cleaned to the 1st."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    default_error_messages = {"invalid": _("Укажите месяц в виде ММ.ГГГГ, например 03.2025.")}
    default_validators = [validate_date_in_window]

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
