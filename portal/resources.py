"""Base for django-import-export resources of the project and the admin that serves them."""

import logging
import numbers

import tablib
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.forms import ImportForm, SelectableFieldsExportForm

logger = logging.getLogger(__name__)

# A spreadsheet runs a cell starting with these as a formula (CSV/formula injection, OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe.

    Only text: a number (a negative one too) is written as a number and stays one."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeExportResource(resources.ModelResource):
    """Exported text cells starting with = + - @, a tab or CR are neutralised; numbers are not."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if self._is_number(field, instance):
            # For CSV a number is rendered as text ("-5", "-1,5"); it is read back as a number,
            # not run as a formula, so it is not touched.
            return value
        return neutralise_formula(value)

    def _is_number(self, field, instance) -> bool:
        method = field.get_dehydrate_method(self.get_field_name(field))
        if callable(method) or hasattr(self, method) or not field.attribute:
            return False
        raw = field.get_value(instance)
        return isinstance(raw, numbers.Number) and not isinstance(raw, bool)


def field_label(resource, field_name):
    """The column as staff see it in the file: its Russian name, else the model field's name."""
    field = resource.fields.get(field_name)
    if field is not None and field.column_name != field_name:
        return field.column_name
    try:
        return str(resource._meta.model._meta.get_field(field_name).verbose_name).capitalize()
    except Exception:  # a resource-only field without a column name
        return field_name


class RussianFormatChoiceMixin:
    """The format list starts with «Выберите формат» and the server, not the browser, says
    when none was chosen (the browser's own bubble looked like the button doing nothing)."""

    use_required_attribute = False

    def _init_formats(self, formats):
        super()._init_formats(formats)
        field = self.fields["format"]
        field.label = _("Формат файла")
        field.error_messages["required"] = _("Выберите формат файла.")
        field.choices = [(v, _("Выберите формат") if v == "" else t) for v, t in field.choices]


class PortalExportForm(RussianFormatChoiceMixin, SelectableFieldsExportForm):
    def _get_field_label(self, resource, field_name):
        return field_label(resource, field_name)


class PortalImportForm(RussianFormatChoiceMixin, ImportForm):
    pass


class SpreadsheetImportExportAdmin(ImportExportModelAdmin):
    """Import and export in the two formats staff keep their spreadsheets in, with Russian
    labels, a downloadable template of the columns and no tracebacks on the page."""

    formats = [base_formats.CSV, base_formats.XLSX]
    export_form_class = PortalExportForm
    import_form_class = PortalImportForm
    import_template_name = "admin/import_export/portal_import.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name="%s_%s_import_template" % info,
            ),
            *super().get_urls(),
        ]

    def import_template_columns(self):
        resource = self.get_import_resource_classes(None)[0]()
        skip = getattr(resource, "TEMPLATE_SKIP", ())
        columns = [f.column_name for f in resource.get_import_fields() if f.column_name not in skip]
        return columns, getattr(resource, "TEMPLATE_EXAMPLE", {})

    def import_template_view(self, request):
        """An XLSX with the import's columns and one example row."""
        if not self.has_import_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        columns, example = self.import_template_columns()
        data = tablib.Dataset(headers=columns)
        data.append([example.get(c, "") for c in columns])
        response = HttpResponse(
            base_formats.XLSX().export_data(data),
            content_type=base_formats.XLSX().get_content_type(),
        )
        name = f"{self.opts.model_name}-template.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def add_data_read_fail_error_to_form(self, form, e):
        logger.info("import file unreadable: %r", e)
        form.add_error(
            "import_file",
            _(
                "Файл не удалось прочитать. Проверьте, что выбран его формат (CSV или XLSX) "
                "и что это таблица, сохранённая из Excel или LibreOffice."
            ),
        )

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        columns, _example = self.import_template_columns()
        context["import_columns"] = columns
        return context
