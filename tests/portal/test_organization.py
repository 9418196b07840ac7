"""The organization as data: one record that every template, e-mail and the CC report read."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import Organization
from portal.organization import current_organization
from portal.tasks import send_invitation
from reports import services as report_services
from reports.xlsx import cc_report_workbook
from tests.factories import UserFactory
from tests.reports.conftest import JANUARY, msk

OTHER = {
    "full_name": "Марийская республиканская организация Профсоюза работников здравоохранения РФ",
    "full_name_genitive": (
        "Марийской республиканской организации Профсоюза работников здравоохранения РФ"
    ),
    "legal_name": "Марийская республиканская организация Профессионального союза",
    "short_name": "МРО Профсоюза",
    "abbreviation": "МРО",
    "site_name": "Портал МРО Профсоюза",
    "region": "Республика Марий Эл",
    "region_genitive": "Республики Марий Эл",
}


@pytest.fixture
def other_organization(db):
    Organization.objects.filter(pk=Organization.SINGLETON_PK).update(**OTHER)
    return Organization.objects.get()


@pytest.mark.django_db
def test_migration_created_the_chuvash_record():
    organization = Organization.objects.get()
    assert organization.abbreviation == "ЧРО"
    assert organization.region_genitive == "Чувашской Республики"


@pytest.mark.django_db
def test_only_one_record_can_exist():
    # save() always writes row 1; a second row by hand breaks the constraint.
    Organization(**OTHER).save()
    assert Organization.objects.count() == 1
    assert Organization.objects.get().abbreviation == "МРО"
    with pytest.raises(IntegrityError, match="organization_singleton"), transaction.atomic():
        Organization.objects.bulk_create([Organization(pk=2, **OTHER)])


def test_header_footer_and_title_follow_the_record(client, other_organization):
    page = client.get(reverse("portal:home")).content.decode()
    header = page[page.index("<nav") : page.index("</nav>")]
    footer = page[page.index("<footer") : page.index("</footer>")]
    assert '<span class="brand-mark" aria-hidden="true">МРО</span>' in header
    assert "Профсоюз здравоохранения Республики Марий Эл" in header
    assert OTHER["full_name"] in footer
    assert "<title>Портал МРО Профсоюза</title>" in page
    assert "ЧРО" not in header + footer and "Чуваш" not in header + footer


def test_record_is_read_once_per_request(client, other_organization):
    # Header, footer, title and the home page's heading all read it: one query among the page's.
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("portal:home"))
    reads = [q for q in captured.captured_queries if '"portal_organization"' in q["sql"]]
    assert len(reads) == 1


def test_changes_in_the_admin_show_on_the_next_request(client, world):
    client.force_login(world.staff)
    assert "ЧРО" in client.get(reverse("portal:home")).content.decode()
    change = reverse("admin:portal_organization_change", args=[Organization.SINGLETON_PK])
    response = client.post(change, {**OTHER, "address": "", "phone": "", "email": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Профсоюз здравоохранения Республики Марий Эл" in client.get("/").content.decode()


def test_admin_has_no_add_or_delete(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("admin:portal_organization_add")).status_code == 403
    delete = reverse("admin:portal_organization_delete", args=[Organization.SINGLETON_PK])
    assert client.get(delete).status_code == 403
    assert not world.staff.has_perm("portal.add_organization")
    changelist = client.get(reverse("admin:portal_organization_changelist")).content.decode()
    change = reverse("admin:portal_organization_change", args=[Organization.SINGLETON_PK])
    assert f'href="{change}"' in changelist
    assert reverse("admin:portal_organization_add") not in changelist


def test_an_email_follows_the_record(other_organization):
    user = UserFactory(email="new@test.invalid")
    send_invitation(user.pk)
    message = mail.outbox[-1]
    assert message.subject == "[Портал МРО] Приглашение на портал МРО Профсоюза"
    assert OTHER["full_name_genitive"] in message.body
    assert "Аппарат МРО Профсоюза" in message.body
    assert "ЧРО" not in message.body + message.subject


def test_cc_report_follows_the_record(client, world, other_organization):
    report = report_services.cc_report_compile(period=JANUARY, now=msk(2025, 2, 6, 6))
    client.force_login(world.staff)
    printable = client.get(reverse("reports:cc_print", args=[report.pk])).content.decode()
    assert f"Отчёт {OTHER['full_name_genitive']} по информационной работе за" in printable
    assert "Итоги по МРО" in printable and "Итого по МРО" in printable
    workbook = load_workbook(BytesIO(cc_report_workbook(report)))
    assert workbook["Итоги"]["A1"].value.startswith("Отчёт МРО по информационной работе за")
    cells = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert "Итого по МРО" in cells


def test_missing_record_does_not_break_pages(client, db):
    Organization.objects.all().delete()
    assert current_organization().pk is None
    assert client.get(reverse("portal:home")).status_code == 200


NAMES = re.compile(r"ЧРО|Чуваш|Профсоюза работников здравоохранения|Профессионального союза")


def test_templates_name_no_organization():
    templates = Path(settings.BASE_DIR) / "templates"
    found = [
        f"{path.relative_to(templates)}:{number}: {line.strip()}"
        for path in sorted(templates.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".txt", ".xml"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if NAMES.search(line)
    ]
    assert found == [], "Названия организации в шаблонах:\n" + "\n".join(found)
