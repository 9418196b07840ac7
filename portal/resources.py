"""Base for django-import-export resources of the project."""

import numbers

from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

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


class SpreadsheetImportExportAdmin(ImportExportModelAdmin):
    """Import and export in the two formats staff keep their spreadsheets in."""

    formats = [base_formats.CSV, base_formats.XLSX]
