import bisect
import copy
import difflib
import math
import re
from collections import Counter, defaultdict
from itertools import chain

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields
from import_export.widgets import BooleanWidget, DateWidget

from portal import pagecache
from portal.resources import SafeExportResource

from .models import PrimaryOrganization

QUOTES = re.compile(r"[«»\"„“”‟'‘’‚`]")
SPACES = re.compile(r"\s+")
# Names this close (difflib ratio of the normalised names) are probably one organization
# written two ways; staff decide, the import does not create a second PPO silently.
LIKELY_DUPLICATE_RATIO = 0.85
# How the likely duplicate is looked for (speed only, the result is the same): the SEEDS PPOs
# with most of a row's AGREEING rarest letters are compared first, then those with enough of
# its rarest letters to beat the best found (a name that can has AGREEING of them or more).
SEEDS = 4
AGREEING = 16
# A comparison in Python costs about as much as counting this many letters of PPOs (in C).
COUNTS_PER_COMPARISON = 100
PPO_PREFIX = re.compile(r"^первичная\s+профсоюзная\s+организация\s+", re.IGNORECASE)


def normalise_name(name):
    """A name as people mean it: without quotes of any style, extra spaces, letter case and ё."""
    name = QUOTES.sub(" ", name or "").replace("ё", "е").replace("Ё", "Е")
    return SPACES.sub(" ", name).strip().casefold()


def _ratio(matches, length):
    """difflib's own similarity of `matches` characters in strings `length` long in all."""
    return 2.0 * matches / length if length else 1.0


def _letters(key):
    """A name's letters as a set whose intersections count what difflib's quick_ratio does: the
    n-th «а» of one name pairs with the n-th «а» of the other (each a number, cheap to hash)."""
    seen = Counter()
    letters = set()
    for letter in key:
        seen[letter] += 1
        letters.add(ord(letter) << 20 | seen[letter])
    return frozenset(letters)


def _letters_needed(length, other_length, ratio):
    """The fewest letters in common with which names of these lengths reach `ratio` by
    quick_ratio (and so may by ratio)."""
    needed = math.floor(ratio * (length + other_length) / 2)
    while needed > 0 and _ratio(needed - 1, length + other_length) >= ratio:
        needed -= 1
    while _ratio(needed, length + other_length) < ratio:
        needed += 1
    return needed


def _fitting_lengths(length, ratio):
    """The lengths of names that can reach `ratio` with a name `length` long (difflib's
    real_quick_ratio bound), a little wider to be safe from rounding."""
    return (
        math.floor(length * ratio / (2 - ratio)) - 1,
        math.ceil(length * (2 - ratio) / ratio) + 1,
    )


def _letters_to_try(length, ratio):
    """How many of its letters a name `length` long must try so that every name reaching
    `ratio` has one of them: the name needs so many letters in common with it (quick_ratio's
    bound, for the shortest fitting name, one fewer to be safe from rounding) that it has at
    least one of any `length - needed + 1` of them. None: names need no letter in common."""
    shortest = max(_fitting_lengths(length, ratio)[0], 0)
    needed = math.ceil(ratio * (length + shortest) / 2) - 1
    return length - needed + 1 if needed > 0 else None


class SimilarNames:
    """The existing PPOs' names, to find for each row of an import the one it very likely
    duplicates exactly as comparing it with every name in turn would: the most similar by
    difflib's ratio (at least LIKELY_DUPLICATE_RATIO), of equals the last in the order given.

    Comparing a row with every PPO made an import rows × PPOs comparisons. Here a row's name is
    compared only with names that could reach the best ratio found so far: of a fitting length
    and sharing enough letters (difflib's own upper bounds, real_quick_ratio and quick_ratio).
    Sharing enough letters, a name has many of the row's rarest ones, so only the PPOs having
    them are compared (prefix filtering, through an index of letters built once): first the few
    with most of them, then, as narrowed by the best ratio they gave, the rest that could still
    beat it."""

    def __init__(self, candidates):
        # Indexed in order of length (the window of fitting lengths is a range of indexes);
        # `_order` keeps the given order, which decides between equally similar names.
        entries = sorted(enumerate(candidates.items()), key=lambda entry: len(entry[1][0]))
        self._order = [position for position, _entry in entries]
        self._keys = [key for _position, (key, _organization) in entries]
        self._organizations = [organization for _position, (_key, organization) in entries]
        self._lengths = [len(key) for key in self._keys]
        self._letters = [_letters(key) for key in self._keys]
        self._having = defaultdict(list)  # a letter (with its count) -> indexes, ascending
        for index, letters in enumerate(self._letters):
            for letter in letters:
                self._having[letter].append(index)
        self._matchers = {}  # index -> a SequenceMatcher prepared for that PPO's name

    def likely_duplicate(self, name):
        """The existing PPO whose name is very similar to `name` (but not the same), or None."""
        key = normalise_name(name)
        letters = _letters(key)
        shortest, longest = _fitting_lengths(len(key), LIKELY_DUPLICATE_RATIO)
        first = bisect.bisect_left(self._lengths, shortest)
        last = bisect.bisect_right(self._lengths, longest)
        best = [None, LIKELY_DUPLICATE_RATIO]  # index and ratio
        if _letters_to_try(len(key), LIKELY_DUPLICATE_RATIO) is None:
            self._compare(key, letters, range(first, last), best)
        else:
            spans = self._rarest_first(letters, first, last)
            # The PPOs with most of the rarest letters first: a good match found early narrows
            # the search down to fewer letters.
            self._compare(key, letters, self._voted(key, spans[:AGREEING], best, SEEDS), best)
            # A name reaching the ratio misses at most to_try - 1 of the row's letters, so it
            # has at least AGREEING of any to_try - 1 + AGREEING of them.
            counted = min(_letters_to_try(len(key), best[1]) - 1 + AGREEING, len(spans))
            found = self._voted(key, spans[:counted], best)
            rest = sum(end - start for _letter, start, end in spans[counted:])
            if len(found) * COUNTS_PER_COMPARISON > rest:
                # Names of one pattern share most letters: counting them all is quicker than
                # comparing the many names left.
                found = self._voted(key, spans, best)
            self._compare(key, letters, found, best)
        return None if best[0] is None else self._organizations[best[0]]

    def _compare(self, key, letters, indexes, best):
        """Compare the name with those of `indexes` that can beat `best`, updating it."""
        for index in indexes:
            common = len(letters & self._letters[index])
            # quick_ratio, never above real_quick_ratio: letters in common, in any order.
            if _ratio(common, len(key) + self._lengths[index]) < best[1]:
                continue
            ratio = self._matcher(index, key).ratio()
            if ratio > best[1] or (
                ratio == best[1] and (best[0] is None or self._order[index] > self._order[best[0]])
            ):
                best[:] = index, ratio

    def _voted(self, key, spans, best, most=None):
        """The PPOs that, with as many of the spans' letters as they have (and all the others
        of the row), could beat `best`; with `most`, that many of those with most of them."""
        votes = Counter(
            chain.from_iterable(
                self._having.get(letter, ())[start:end] for letter, start, end in spans
            )
        )
        uncounted = len(key) - len(spans)
        lengths, enough = self._lengths, {}  # a PPO's name length -> could its count beat best?
        found = []
        for index, count in votes.most_common(most) if most else votes.items():
            length = lengths[index]
            if length not in enough:
                enough[length] = _letters_needed(len(key), length, best[1]) - uncounted
            if count >= enough[length]:
                found.append(index)
        return found

    def _rarest_first(self, letters, first, last):
        """For each letter, the span of the PPOs of indexes first..last - 1 having it; the
        letters fewest of them have first."""
        spans = []
        for letter in letters:
            having = self._having.get(letter, [])
            start, end = bisect.bisect_left(having, first), bisect.bisect_left(having, last)
            spans.append((end - start, letter, start, end))
        return [(letter, start, end) for _count, letter, start, end in sorted(spans)]

    def _matcher(self, index, key):
        # The PPO's name is difflib's second sequence, as before (its junk heuristic applies
        # to that one); preparing it is the costly part, done once per PPO.
        matcher = self._matchers.get(index)
        if matcher is None:
            matcher = self._matchers[index] = difflib.SequenceMatcher(None, "", self._keys[index])
        matcher.set_seq1(key)
        return matcher


class KnownOrganizations:
    """The PPOs as an import sees them: loaded with one query before its first row and kept as
    its rows are saved, so that a row finds its PPO, and its names and dates are checked,
    without queries of its own (four to six a row made an import of thousands of rows slow).
    The same answers the queries would give: PPOs saved by earlier rows of the import count."""

    def __init__(self, organizations):
        model = PrimaryOrganization
        # Unique fields answered from memory; any other uniqueness check still asks the database.
        unique = [f.attname for f in model._meta.fields if f.unique and not f.primary_key]
        self._owners = {field: {} for field in unique}  # field -> value -> pk
        self._values = {}  # pk -> its unique fields' values, as saved
        self._organizations = {}  # pk -> the PPO as saved
        for organization in organizations:
            self.saved(organization)

    def get(self, full_name):
        """A fresh copy of the PPO of exactly this full name (as a query would give), or None."""
        pk = self._owners["full_name"].get(full_name)
        return None if pk is None else copy.deepcopy(self._organizations[pk])

    def saved(self, organization):
        """The PPO is now as `organization` says (in the database, in this transaction)."""
        pk = organization.pk
        for field, value in self._values.pop(pk, {}).items():
            if self._owners[field].get(value) == pk:
                del self._owners[field][value]
        self._values[pk] = {field: getattr(organization, field) for field in self._owners}
        for field, value in self._values[pk].items():
            self._owners[field][value] = pk
        self._organizations[pk] = organization

    def validate_constraints(self, instance, exclude):
        """Model.validate_constraints(), but without asking the database about check constraints
        whose fields are as the PPO was saved with (the database made that row satisfy them)."""
        saved = self._organizations.get(instance.pk)
        if saved is None or not all(
            isinstance(constraint, models.CheckConstraint)
            and all(
                getattr(instance, field) == getattr(saved, field)
                for field in constraint.condition.referenced_base_fields
            )
            for constraint in instance._meta.constraints
        ):
            instance.validate_constraints(exclude=exclude)

    def validate_unique(self, instance, exclude):
        """Model.validate_unique() with the single unique fields checked in memory."""
        unique_checks, date_checks = instance._get_unique_checks(
            exclude=exclude, include_meta_constraints=True
        )
        errors = {}
        for model_class, check in unique_checks:
            if len(check) == 1 and check[0] in self._owners:
                value = getattr(instance, check[0])
                owner = self._owners[check[0]].get(value)
                if value is not None and owner is not None and owner != instance.pk:
                    errors.setdefault(check[0], []).append(
                        instance.unique_error_message(model_class, check)
                    )
            else:
                for key, found in instance._perform_unique_checks([(model_class, check)]).items():
                    errors.setdefault(key, []).extend(found)
        for key, found in instance._perform_date_checks(date_checks).items():
            errors.setdefault(key, []).extend(found)
        if errors:
            raise ValidationError(errors)


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

    def import_data(self, dataset, *args, **kwargs):
        # Each saved row bumped the cached pages of PPOs and of the metrics at once (four cache
        # round trips a row); the import's rows are seen by nobody before it ends.
        with pagecache.deferred():
            return super().import_data(dataset, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        missing = [c for c in self.REQUIRED_COLUMNS if c not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                _("В файле нет столбца «%(column)s». Скачайте шаблон и сверьте заголовки.")
                % {"column": "», «".join(missing)}
            )
        organizations = list(PrimaryOrganization.objects.all())
        self._by_name = {normalise_name(o.full_name): o for o in organizations}
        self._known = KnownOrganizations(organizations)
        self._similar = None  # indexed when a row needs it: most imports update known PPOs
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
        # The PPO of exactly this name (what the instance loader's query finds), else after
        # normalising.
        instance = self._known.get(self.fields["full_name"].clean(row))
        if instance is None:
            same = self._by_name.get(normalise_name(row["Полное наименование"]))
            instance = None if same is None else self._known.get(same.full_name)
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
            if self._similar is None:
                self._similar = SimilarNames(self._by_name)
            twin = self._similar.likely_duplicate(instance.full_name)
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
            self._full_clean(instance, import_validation_errors or {})
        except ValidationError as error:
            # Staff see the spreadsheet's column names, not the model's field names.
            raise ValidationError(
                {columns.get(k, k): v for k, v in error.update_error_dict({}).items()}
            ) from error

    def _full_clean(self, instance, errors):
        """The row's errors and Model.full_clean()'s, step by step as Django takes them, with
        the unique names and the constraints checked against the known PPOs instead of a query
        each."""
        errors = dict(errors)
        exclude = set(errors)
        steps = [
            lambda: instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            ),
            lambda: self._known.validate_unique(instance, exclude),
            lambda: self._known.validate_constraints(instance, exclude),
        ]
        for step in steps:
            # Uniqueness and constraints are checked only for fields that passed validation.
            exclude.update(name for name in errors if name != NON_FIELD_ERRORS)
            try:
                step()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        instance.ensure_slug()

    def after_save_instance(self, instance, row, **kwargs):
        if instance.pk is not None:  # (None: a dry run without a transaction saves nothing)
            self._known.saved(instance)
