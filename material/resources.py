"""Import and export of the equipment register (XLSX/CSV, the spreadsheet staff keep today)."""

from import_export import fields
from import_export.widgets import DateWidget, DecimalWidget, Widget

from portal.organization import abbreviation
from portal.resources import SafeExportResource

from .models import Equipment


class ChoiceLabelWidget(Widget):
    """Reads a choice by its Russian label or its code (any case); writes the label."""

    def __init__(self, choices, default=None):
        super().__init__()
        self.choices = choices
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if not text:
            if self.default is not None:
                return self.default
            raise ValueError("Пустое значение.")
        name = abbreviation().lower()
        for code, label in self.choices:
            label = str(label).lower()
            # Spreadsheets kept before the labels named no organization say «Средства ЧРО».
            named_label = label.replace("организации", name) if name else label
            if text in (str(code).lower(), label, named_label):
                return code
        allowed = ", ".join(str(label) for _code, label in self.choices)
        raise ValueError(f"Неизвестное значение «{value}»; допустимо: {allowed}.")

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class RussianDecimalWidget(DecimalWidget):
    """Accepts «45 990,50» as well as 45990.50."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.replace("\xa0", "").replace(" ", "").replace(",", ".")
        return super().clean(value, row, **kwargs)


class RussianDateWidget(DateWidget):
    """Reads 20.11.2023 and 2023-11-20 (as spreadsheets store it); writes 20.11.2023."""

    def __init__(self):
        super().__init__(format="%d.%m.%Y")
        self.formats = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")


class EquipmentResource(SafeExportResource):
    """Rows are matched by the inventory number, so a re-import updates instead of duplicating."""

    inventory_number = fields.Field("inventory_number", column_name="Инвентарный номер")
    kind = fields.Field("kind", column_name="Вид", widget=ChoiceLabelWidget(Equipment.Kind.choices))
    make_model = fields.Field("make_model", column_name="Марка и модель")
    serial_number = fields.Field("serial_number", column_name="Серийный номер")
    purchase_date = fields.Field(
        "purchase_date",
        column_name="Дата приобретения",
        widget=RussianDateWidget(),
    )
    cost = fields.Field("cost", column_name="Стоимость", widget=RussianDecimalWidget())
    funding_source = fields.Field(
        "funding_source",
        column_name="Источник средств",
        widget=ChoiceLabelWidget(
            Equipment.FundingSource.choices, default=Equipment.FundingSource.CHRO
        ),
    )
    condition = fields.Field(
        "condition",
        column_name="Состояние",
        widget=ChoiceLabelWidget(Equipment.Condition.choices, default=Equipment.Condition.GOOD),
    )
    notes = fields.Field("notes", column_name="Примечание")

    class Meta:
        model = Equipment
        import_id_fields = ["inventory_number"]
        fields = [
            "inventory_number",
            "kind",
            "make_model",
            "serial_number",
            "purchase_date",
            "cost",
            "funding_source",
            "condition",
            "notes",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
