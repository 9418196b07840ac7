from django.utils.translation import gettext as _
from import_export import fields
from import_export.widgets import BooleanWidget, DateWidget

from portal.resources import SafeExportResource

from .models import PrimaryOrganization


class RussianBooleanWidget(BooleanWidget):
    TRUE_VALUES = ["1", 1, True, "true", "TRUE", "True", "да", "Да", "ДА", "+"]
    FALSE_VALUES = ["0", 0, False, "false", "FALSE", "False", "нет", "Нет", "НЕТ", "-"]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "да" if value else "нет"


class RussianDateWidget(DateWidget):
    """A date as staff type it (31.12.2025), ISO too; a spreadsheet's own date cell as is."""

    def __init__(self):
        super().__init__("%d.%m.%Y")
        self.formats = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(
                _("Дата «%(value)s» не распознана: нужна дата вида 31.12.2025.") % {"value": value}
            ) from None


class PrimaryOrganizationResource(SafeExportResource):
    """The PPO registry as staff keep it in a spreadsheet. Rows are matched by the full name,
    so a re-import updates existing PPOs instead of duplicating them."""

    full_name = fields.Field("full_name", column_name="Полное наименование")
    short_name = fields.Field("short_name", column_name="Краткое наименование")
    medical_organization = fields.Field(
        "medical_organization", column_name="Медицинская организация"
    )
    locality = fields.Field("locality", column_name="Город или район")
    union_page_url = fields.Field("union_page_url", column_name="Профсоюзная страница")
    slug = fields.Field("slug", column_name="Адрес страницы")
    is_active = fields.Field(
        "is_active", column_name="Действует", widget=RussianBooleanWidget(), default=True
    )
    # From when the PPO counts. A new PPO without the date (empty cell or no column) joins
    # today, the model's default, so importing new PPOs never changes a past period; an existing
    # PPO keeps its date.
    joined_on = fields.Field(
        "joined_on",
        column_name="В составе ЧРО с",
        widget=RussianDateWidget(),
        saves_null_values=False,
    )
    left_on = fields.Field("left_on", column_name="Вышла из ЧРО", widget=RussianDateWidget())

    class Meta:
        model = PrimaryOrganization
        import_id_fields = ["full_name"]
        fields = [
            "full_name",
            "short_name",
            "medical_organization",
            "locality",
            "union_page_url",
            "slug",
            "is_active",
            "joined_on",
            "left_on",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_save_instance(self, instance, row, **kwargs):
        instance.ensure_slug()
