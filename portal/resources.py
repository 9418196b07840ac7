"""Base for django-import-export resources of the project."""

import re

from import_export import resources

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
