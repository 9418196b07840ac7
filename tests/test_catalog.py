"""The Russian message catalog: compiled in step with its source, a three-form entry for every
plural message of the code and templates, and those forms chosen right for Russian numbers."""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
COUNTS = [1, 2, 5, 11, 21, 22]
# Words that do not decline after a number: every form is the same on purpose.
# Russian uses one form for 2-4 and 5+ here (dative plural: «3 ответственным», «7 ответственным»).
INVARIANT = {
    "Напоминание отправлено %d ППО.",
    "Напоминание отправлено %(count)d ответственному.",
}
SOURCE_DIRS = ["portal", "ppo", "programme", "reports", "media_archive", "documents", "contests"]
SOURCE_DIRS += [p.name for p in ROOT.iterdir() if (p / "apps.py").exists()]


def russian_form(n):
    """The three Russian plural forms: 1 21 31 файл, 2 3 4 22 файла, 5 11 12 25 файлов."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def entries(catalog):
    return {
        (e.msgid, e.msgid_plural): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in catalog
        if not e.obsolete and "fuzzy" not in e.flags
    }


def plural_entries():
    return [e for e in polib.pofile(str(PO)) if e.msgid_plural and not e.obsolete]


def test_compiled_catalog_is_in_step_with_its_source():
    source, compiled = entries(polib.pofile(str(PO))), entries(polib.mofile(str(MO)))
    missing = sorted(k for k in source if source[k] != compiled.get(k))
    assert not missing, f"django.mo отстаёт от django.po, выполните make messages: {missing}"
    assert polib.pofile(str(PO)).metadata["Plural-Forms"].startswith("nplurals=3;")


def extracted_plurals(tmp_path):
    if not shutil.which("xgettext"):
        pytest.fail("Нужен gettext (apt-get install gettext): без него каталог не проверить.")
    files = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        out = tmp_path / f"{len(files)}.py"
        out.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)))
        files.append(out)
    for folder in SOURCE_DIRS:
        files += [p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]
    pot = tmp_path / "all.pot"
    subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", "--keyword=ngettext:1,2",
         "--keyword=ngettext_lazy:1,2", "--keyword=npgettext:1c,2,3", "--keyword=_",
         "--keyword=gettext", "--keyword=gettext_lazy", "-o", str(pot), *map(str, set(files))],
        check=True,
    )  # fmt: skip
    return {(e.msgid, e.msgid_plural) for e in polib.pofile(str(pot)) if e.msgid_plural}


def test_every_plural_message_of_the_code_has_russian_forms(tmp_path):
    found = extracted_plurals(tmp_path)
    assert ("%(n)s файл", "%(n)s файлов") in found  # the extraction sees templates
    assert ("Отправлено %d приглашение.", "Отправлено %d приглашений.") in found  # and code
    catalog = {(e.msgid, e.msgid_plural) for e in plural_entries()}
    missing = sorted(found - catalog)
    assert not missing, f"нет русских форм в locale/ru/LC_MESSAGES/django.po для {missing}"


@pytest.mark.parametrize("entry", plural_entries(), ids=lambda e: e.msgid[:40])
def test_plural_message_takes_the_russian_form_for_each_number(entry):
    forms = [entry.msgstr_plural[i] for i in range(3)]
    assert all(forms), f"пустая форма у «{entry.msgid}»"
    if entry.msgid not in INVARIANT:
        assert len(set(forms)) == 3, f"формы «{entry.msgid}» не различаются: {forms}"
    with translation.override("ru"):
        for n in COUNTS:
            got = translation.ngettext(entry.msgid, entry.msgid_plural, n)
            assert got == forms[russian_form(n)], (n, got)


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1 файл"), (2, "2 файла"), (5, "5 файлов"), (11, "11 файлов"), (21, "21 файл"),
     (22, "22 файла")],
)  # fmt: skip
def test_a_template_count_reads_in_russian(n, text):
    template = Template(
        "{% load i18n %}{% blocktranslate count n=n %}{{ n }} файл"
        "{% plural %}{{ n }} файлов{% endblocktranslate %}"
    )
    with translation.override("ru"):
        assert template.render(Context({"n": n})) == text


def test_admin_messages_agree_with_any_model_name():
    with translation.override("ru"):
        message = translation.gettext("The {name} “{obj}” was added successfully.")
    assert message == "Добавлено: {name} «{obj}»."
    assert not re.search(r"был|добавлен\b", message)
