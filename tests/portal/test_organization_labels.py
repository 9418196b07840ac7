"""Labels, choices and messages of the apps name the organization from its record (or name none):
another regional organization runs the portal by editing the record, not the code."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse

from documents import services as document_services
from integrations import crossposting
from material.forms import EquipmentMovementForm
from media_archive.models import Album
from portal.admin import UserAdmin
from portal.models import Organization
from publications.forms import ApproveForm, StaffPublicationForm
from publications.models import Publication
from tests.documents.factories import DigestSubscriberFactory


def rename(abbreviation: str, short_name: str) -> None:
    """As staff do in the admin (a save: the record kept in the cache is read afresh)."""
    record = Organization.objects.get(pk=Organization.SINGLETON_PK)
    record.abbreviation, record.short_name = abbreviation, short_name
    record.save()


@pytest.mark.django_db
def test_choices_and_form_labels_follow_the_record(world):
    assert str(dict(EquipmentMovementForm.ACTIONS)["return"]) == "Возврат в ЧРО"
    assert str(crossposting.LABELS[crossposting.VK]) == "ВКонтакте ЧРО"

    rename("ТРО", "ТРО Профсоюза")
    assert str(dict(EquipmentMovementForm.ACTIONS)["return"]) == "Возврат в ТРО"
    assert str(crossposting.LABELS[crossposting.TELEGRAM]) == "Telegram-канал ТРО"
    assert str(ApproveForm().fields["crosspost"].label) == "Опубликовать и в соцсетях ТРО"
    assert str(StaffPublicationForm().fields["organization"].empty_label) == "— новость ТРО —"


def test_model_help_texts_and_choices_name_no_organization():
    # Model fields' texts go into migrations, frozen: they are neutral rather than named.
    texts = [
        Publication._meta.get_field("organization").help_text,
        Album._meta.get_field("organization").help_text,
        *Album.Visibility.labels,
    ]
    assert all("ЧРО" not in str(text) for text in texts)
    assert str(Album.Visibility.STAFF.label) == "Только аппарату республиканской организации"


@pytest.mark.django_db
def test_a_view_message_follows_the_record(client, world):
    subscriber = DigestSubscriberFactory()
    token = signing.dumps(subscriber.email, salt=document_services.UNSUBSCRIBE_SALT, compress=True)
    url = reverse("documents:digest_unsubscribe", kwargs={"token": token})
    assert "дайджест новостей ЧРО." in client.get(url).content.decode()

    rename("ТРО", "ТРО Профсоюза")
    page = client.get(url).content.decode()
    assert "дайджест новостей ТРО." in page and "новостей ЧРО" not in page


APPS = [
    "contests", "documents", "integrations", "material", "media_archive", "portal", "ppo",
    "programme", "publications", "reports",
]  # fmt: skip
# A gettext call and its literal (adjacent literals too, across lines): `_("…ЧРО…")`.
GETTEXT = re.compile(
    r"""\b(?:_|gettext|gettext_lazy|ngettext|ngettext_lazy)\(\s*((?:(?:"[^"\n]*"|'[^'\n]*')\s*)+)"""
)


def named_gettext(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [
        f"{path}:{text.count(chr(10), 0, match.start()) + 1}: {' '.join(match[1].split())}"
        for match in GETTEXT.finditer(text)
        if "ЧРО" in match[1]
    ]


def test_the_scan_sees_gettext_strings(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('x = _("Смета ЧРО")\ny = _(\n    "Строка "\n    "ЧРО"\n)\nz = "ЧРО"\n')
    assert len(named_gettext(sample)) == 2


def test_no_gettext_string_names_the_organization():
    base = Path(settings.BASE_DIR)
    found = [
        line
        for app in APPS
        for path in sorted((base / app).rglob("*.py"))
        if "migrations" not in path.parts and "demo" not in path.stem
        for line in named_gettext(path)
    ]
    assert found == [], "Название организации в строках gettext:\n" + "\n".join(found)


@pytest.mark.django_db
def test_the_roles_help_of_the_user_admin_follows_the_record(world):
    description = str(dict(UserAdmin.fieldsets)["Роли"]["description"])
    assert description.startswith("Аппарат ЧРО: отметка") and "группа «Аппарат ЧРО»" in description
    rename("ТРО", "ТРО Профсоюза")
    description = str(dict(UserAdmin.fieldsets)["Роли"]["description"])
    # The group keeps its stored name (portal.roles.STAFF_GROUP).
    assert description.startswith("Аппарат ТРО: отметка") and "группа «Аппарат ЧРО»" in description
