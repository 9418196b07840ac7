import difflib
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields
from import_export.widgets import BooleanWidget, DateWidget

from portal.resources import SafeExportResource

from .models import PrimaryOrganization

QUOTES = re.compile(r"[«»\"„“”‟'‘’‚`]")
SPACES = re.compile(r"\s+")
# Names this close (difflib ratio of the normalised names) are probably one organization
# written two ways; staff decide, the import does not create a second PPO silently.
LIKELY_DUPLICATE_RATIO = 0.85
PPO_PREFIX = re.compile(r"^первичная\s+профсоюзная\s+организация\s+", re.IGNORECASE)


def normalise_name(name):
    """A name as people mean it: without quotes of any style, extra spaces, letter case and ё."""
    name = QUOTES.sub(" ", name or "").replace("ё", "е").replace("Ё", "Е")
    return SPACES.sub(" ", name).strip().casefold()


def likely_duplicate(name, candidates):
    """The existing PPO whose name is very similar to `name` (but not the same), or None."""
    key = normalise_name(name)
    best, best_ratio = None, LIKELY_DUPLICATE_RATIO
    matcher = difflib.SequenceMatcher(None, key)
    for other_key, organization in candidates.items():
        matcher.set_seq2(other_key)
        # The cheap upper bounds first (lengths, then letters in common): most names of a
        # registry of thousands are ruled out before the full comparison, with the same result.
        if (
            matcher.real_quick_ratio() >= best_ratio
            and matcher.quick_ratio() >= best_ratio
            and (ratio := matcher.ratio()) >= best_ratio
        ):
            best, best_ratio = organization, ratio
    return best


class RussianBooleanWidget(BooleanWidget):
    TRUE_VALUES = ["1", 1, True, "true", "TRUE", "True", "да", "Да", "ДА", "+"]
    FALSE_VALUES = ["0", 0, False, "false", "FALSE", "False", "нет", "Нет", "НЕТ", "-"]

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        if value in ("", None):
            return None
        return super().clean(value, row, **kwargs)

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
    """The PPO registry as staff keep it in a spreadsheet.

    Only «Полное наименование» is required: an empty short name or medical organization is
    taken from the full name, an empty town stays empty. A row is the PPO of the same name
    after normalising quotes, spaces, letter case and ё (the spelling in the portal is kept).
    A row very similar to an existing PPO is skipped with a note in «Проверка» until staff
    write «да» in «Новая ППО» to create it anyway. Unchanged rows are reported as skipped."""

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
    force_new = fields.Field(
        column_name="Новая ППО",
        widget=RussianBooleanWidget(),
        readonly=True,
        dehydrate_method="_blank",
    )
    check_note = fields.Field("_import_note", column_name="Проверка", readonly=True)

    REQUIRED_COLUMNS = ["Полное наименование"]
    TEMPLATE_SKIP = ["Проверка"]
    TEMPLATE_EXAMPLE = {
        "Полное наименование": "Первичная профсоюзная организация БУ «Городская больница № 1»",
        "Краткое наименование": "ППО Городской больницы № 1",
        "Медицинская организация": "БУ «Городская больница № 1» Минздрава Чувашии",
        "Город или район": "Чебоксары",
        "Действует": "да",
    }
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
            "force_new",
            "check_note",
            "joined_on",
            "left_on",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_export_fields(self, selected_fields=None):
        return [
            f
            for f in super().get_export_fields(selected_fields)
            if f.column_name not in ("Новая ППО", "Проверка")
        ]

    def _blank(self, obj):
        return ""

    def before_import(self, dataset, **kwargs):
        missing = [c for c in self.REQUIRED_COLUMNS if c not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                _("В файле нет столбца «%(column)s». Скачайте шаблон и сверьте заголовки.")
                % {"column": "», «".join(missing)}
            )
        self._by_name = {normalise_name(o.full_name): o for o in PrimaryOrganization.objects.all()}
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        # An empty XLSX cell arrives as None, an empty CSV cell as "": the same for the import.
        for key, value in list(row.items()):
            if value is None:
                row[key] = ""
            elif isinstance(value, str):
                row[key] = value.strip()
            elif isinstance(value, float) and value.is_integer():
                row[key] = str(int(value))
        if not row.get("Полное наименование"):
            raise ValidationError({"Полное наименование": _("Укажите полное наименование.")})
        super().before_import_row(row, **kwargs)

    def get_instance(self, instance_loader, row):
        instance = super().get_instance(instance_loader, row)
        if instance is None:
            instance = self._by_name.get(normalise_name(row["Полное наименование"]))
        return instance

    def import_instance(self, instance, row, **kwargs):
        spelling = instance.full_name if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        if spelling:
            # Matched after normalising: the name stays as staff wrote it in the portal.
            instance.full_name = spelling
        if not instance.short_name:
            instance.short_name = PPO_PREFIX.sub("ППО ", instance.full_name)[:120]
        if not instance.medical_organization:
            instance.medical_organization = PPO_PREFIX.sub("", instance.full_name)[:300]
        if instance.is_active is None:
            instance.is_active = True
        forced = self.fields["force_new"].widget.clean(row.get("Новая ППО"))
        if instance.pk is None and not forced:
            twin = likely_duplicate(instance.full_name, self._by_name)
            if twin is not None:
                instance._likely_duplicate = twin
                instance._import_note = _(
                    "Похоже на уже внесённую ППО «%(name)s»: строка пропущена. Если это другая "
                    "организация, напишите «да» в столбце «Новая ППО» и загрузите файл снова."
                ) % {"name": twin.full_name}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if getattr(instance, "_likely_duplicate", None) is not None:
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            # Staff see the spreadsheet's column names, not the model's field names.
            raise ValidationError(
                {columns.get(k, k): v for k, v in error.update_error_dict({}).items()}
            ) from error

    def before_save_instance(self, instance, row, **kwargs):
        instance.ensure_slug()
