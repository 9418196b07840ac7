from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import BoundedDateField, MonthField

from .models import Channel


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["platform", "url", "title", "is_public"]
        widgets = {"url": forms.URLInput(attrs={"placeholder": "https://vk.com/..."})}
        error_messages = {"url": {"invalid": _("Введите полный адрес, начиная с https://")}}


class SubscriberCountForm(forms.Form):
    date = BoundedDateField(label=_("Дата"))
    count = forms.IntegerField(
        label=_("Подписчиков"),
        min_value=0,
        max_value=10_000_000,
        error_messages={"min_value": _("Число не может быть отрицательным.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class MembershipForm(forms.Form):
    month = MonthField(label=_("Месяц"))
    employees = forms.IntegerField(label=_("Работников"), min_value=1)
    members = forms.IntegerField(label=_("Членов профсоюза"), min_value=0)
    joined = forms.IntegerField(label=_("Вступило за месяц"), min_value=0, initial=0)
    left = forms.IntegerField(label=_("Выбыло за месяц"), min_value=0, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = timezone.localdate().replace(day=1)

    def clean(self):
        data = super().clean()
        employees, members = data.get("employees"), data.get("members")
        if employees is not None and members is not None and members > employees:
            self.add_error(
                "members",
                _("Членов профсоюза не может быть больше, чем работников (%(n)s).")
                % {"n": employees},
            )
        return data


def organization_picked(form, field: str, text: str, found: list):
    """The one PPO a filter's typed name found (``found``): refused next to the field when none
    or several fit (those are kept as ``form.ppo_choices`` to offer as links); the field then
    shows the PPO's name when an id, a slug or a part of the name was typed."""
    if not found:
        raise forms.ValidationError(
            _("ППО «%(text)s» не найдена. Проверьте название или очистите поле."),
            code="not_found",
            params={"text": text},
        )
    if len(found) > 1:
        form.ppo_choices = found
        raise forms.ValidationError(
            _("Под «%(text)s» подходят несколько ППО: выберите одну из списка ниже."),
            code="ambiguous",
            params={"text": text},
        )
    organization = found[0]
    if text != organization.short_name:
        form.data = form.data.copy()
        form.data[field] = organization.short_name
    return organization
