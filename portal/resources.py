"""Base for django-import-export resources of the project."""

import re

from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def neutralise_formula(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class SafeExportResource(resources.ModelResource):
    """Exported cells starting with = + - @, a tab or CR are neutralised (CSV/formula injection)."""

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))


class SpreadsheetImportExportAdmin(ImportExportModelAdmin):
    """Import and export in the two formats staff keep their spreadsheets in."""

    formats = [base_formats.CSV, base_formats.XLSX]
