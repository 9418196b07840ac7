from import_export import fields
from import_export.widgets import BooleanWidget

from portal.resources import SafeExportResource

from .models import PrimaryOrganization


class RussianBooleanWidget(BooleanWidget):
    TRUE_VALUES = ["1", 1, True, "true", "TRUE", "True", "да", "Да", "ДА", "+"]
    FALSE_VALUES = ["0", 0, False, "false", "FALSE", "False", "нет", "Нет", "НЕТ", "-"]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "да" if value else "нет"


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
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_save_instance(self, instance, row, **kwargs):
        instance.ensure_slug()
