"""Input forms of the material base (equipment movements, acts, budgets)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import BoundedDateField
from portal.organization import named_lazy
from portal.uploads import UploadField
from ppo.selectors import organizations_active

from .models.budgets import BUDGET_CATEGORIES
from .selectors import equipment_available


class EquipmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()} {obj.make_model}, инв. № {obj.inventory_number}, " + (
            f"с/н {obj.serial_number}"
        )


class EquipmentIssueForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("ППО"), queryset=organizations_active())
    items = EquipmentChoiceField(
        label=_("Оборудование"),
        queryset=equipment_available(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Выберите хотя бы один предмет.")},
    )
    on = BoundedDateField(label=_("Дата акта"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        self.fields["items"].queryset = equipment_available()


class EquipmentMovementForm(forms.Form):
    ACTIONS = [
        ("return", named_lazy(_("Возврат в {name}"))),
        ("transfer", _("Передача в другую ППО")),
        ("write_off", _("Списание")),
    ]
    action = forms.ChoiceField(label=_("Действие"), choices=ACTIONS)
    on = BoundedDateField(label=_("Дата"))
    organization = forms.ModelChoiceField(
        label=_("ППО, куда передаётся"),
        queryset=organizations_active(),
        required=False,
    )
    reason = forms.CharField(label=_("Основание или причина"), max_length=300, required=False)
    document = UploadField(purpose="act_scan", label=_("Документ (PDF, JPG, PNG)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "transfer" and not data.get("organization"):
            self.add_error("organization", _("Выберите ППО, куда передаётся оборудование."))
        if action == "write_off" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Укажите причину списания."))
        return data


class ActConfirmForm(forms.Form):
    signed_scan = UploadField(
        purpose="act_scan", label=_("Скан подписанного акта (PDF, JPG, PNG)"), required=False
    )


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Год"), min_value=2000, max_value=2100)
    total = forms.DecimalField(
        label=_("Смета ППО на год, всего, руб."),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,  # «100 000,50» as typed in Russian
        error_messages={"min_value": _("Сумма не может быть отрицательной.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        for kind, title in (("planned", _("план")), ("actual", _("факт"))):
            for code, label in BUDGET_CATEGORIES:
                self.fields[f"{kind}_{code}"] = forms.DecimalField(
                    label=f"{title}: {label}",
                    min_value=0,
                    max_digits=12,
                    decimal_places=2,
                    initial=0,
                    required=False,
                    localize=True,
                    error_messages={"min_value": _("Сумма не может быть отрицательной.")},
                )

    def category_pairs(self):
        """(label, planned bound field, actual bound field) per category, for the grid."""
        return [
            (label, self[f"planned_{code}"], self[f"actual_{code}"])
            for code, label in BUDGET_CATEGORIES
        ]
