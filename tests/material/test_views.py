"""Pages of the material base: the act (Cyrillic HTML), confirmation, handover, budget forms,
the staff movement form, scoping and bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from material import services
from material.models import Budget, EquipmentIssue, TransferAct
from tests.factories import AppointmentFactory
from tests.material.factories import EquipmentFactory


@pytest.fixture
def act(world):
    return services.equipment_issue(
        user=world.staff,
        organization=world.org_a,
        items=[EquipmentFactory(serial_number="PF3ABC123", make_model="Lenovo IdeaPad 3")],
        on=dt.date(2025, 3, 3),
    )


def test_staff_issue_form_creates_act_and_redirects_to_print(client, world):
    laptop = EquipmentFactory()
    client.force_login(world.staff)
    response = client.post(
        reverse("material:equipment_issue"),
        {"organization": world.org_a.pk, "items": [laptop.pk], "on": "2025-03-03"},
    )
    act = TransferAct.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("material:transfer_act", args=[act.pk])


def test_issue_form_without_officer_shows_message_next_to_field(client, world):
    world.officer_b.appointments.update(ends_on=dt.date(2024, 12, 31))
    laptop = EquipmentFactory()
    client.force_login(world.staff)
    response = client.post(
        reverse("material:equipment_issue"),
        {"organization": world.org_b.pk, "items": [laptop.pk], "on": "2025-03-03"},
    )
    assert response.status_code == 200
    assert "нет действующего ответственного" in response.context["form"].errors["organization"][0]
    assert not TransferAct.objects.exists()


def test_act_html_has_both_parties_items_and_signatures(client, world, act):
    world.officer_a.full_name = "Васильева Ольга Николаевна"
    world.officer_a.save(update_fields=["full_name"])
    client.force_login(world.staff)
    response = client.get(reverse("material:transfer_act", args=[act.pk]))
    html = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/html; charset=utf-8")
    assert "АКТ ПРИЕМА-ПЕРЕДАЧИ" in html
    assert f"№ {act.label}" in html
    for text in [
        "Чувашская республиканская организация",
        world.org_a.full_name,
        "Васильева Ольга Николаевна",
        world.staff.full_name,
        "PF3ABC123",
        "Lenovo IdeaPad 3",
        "Передал",
        "Принял",
        "подпись / расшифровка",
        "03 марта 2025",
    ]:
        assert text in html, text


def test_officer_confirms_receipt_with_scan(client, world, act):
    client.force_login(world.officer_a)
    cabinet = client.get(reverse("material:equipment_cabinet"))
    assert "Подтвердить получение" in cabinet.content.decode()
    scan = SimpleUploadedFile("act.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("material:transfer_act_confirm", args=[act.pk]), {"signed_scan": scan}
    )
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.is_confirmed and act.signed_scan.name.endswith(".pdf")


def test_scan_of_wrong_type_is_refused(client, world, act):
    client.force_login(world.officer_a)
    scan = SimpleUploadedFile("act.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        reverse("material:transfer_act_confirm", args=[act.pk]), {"signed_scan": scan}
    )
    assert response.status_code == 200
    assert "«act.exe»" in response.context["form"].errors["signed_scan"][0]
    act.refresh_from_db()
    assert not act.is_confirmed


def test_officer_b_cannot_confirm_or_print_a_act_crafted_post(client, world, act):
    client.force_login(world.officer_b)
    assert client.post(reverse("material:transfer_act_confirm", args=[act.pk])).status_code == 404
    assert client.get(reverse("material:transfer_act", args=[act.pk])).status_code == 404
    act.refresh_from_db()
    assert not act.is_confirmed


def test_new_officer_sees_handover_flag_and_accepts(client, world, act):
    world.officer_a.appointments.update(ends_on=dt.date(2025, 6, 30))
    successor = AppointmentFactory(organization=world.org_a, starts_on=dt.date(2025, 7, 1)).user
    issue = act.issues.get()
    client.force_login(successor)
    page = client.get(reverse("material:equipment_cabinet")).content.decode()
    assert "требует передачи" in page and 'id="handover-flag"' in page
    # another PPO's officer cannot take it over, even with a crafted POST
    client.force_login(world.officer_b)
    assert client.post(reverse("material:handover_accept", args=[issue.pk])).status_code == 404
    client.force_login(successor)
    response = client.post(reverse("material:handover_accept", args=[issue.pk]))
    assert response.status_code == 302
    current = EquipmentIssue.objects.get(equipment=issue.equipment, ended_on__isnull=True)
    assert current.holder == successor


def test_staff_handover_page_lists_flagged_items(client, world, act):
    world.officer_a.appointments.update(ends_on=dt.date(2025, 6, 30))
    client.force_login(world.staff)
    page = client.get(reverse("material:handover_list")).content.decode()
    assert "PF3ABC123" not in page  # the page lists the item by its register label
    assert act.issues.get().equipment.inventory_number in page


def test_staff_movement_form_transfer_and_bad_input(client, world, act):
    laptop = act.issues.get().equipment
    url = reverse("material:equipment_detail", args=[laptop.pk])
    client.force_login(world.staff)
    response = client.post(url, {"action": "transfer", "on": "2025-04-01"})
    assert "Выберите ППО" in response.context["form"].errors["organization"][0]
    response = client.post(url, {"action": "return", "on": "2025-01-01"})
    assert "раньше последнего движения" in str(response.context["form"].errors["on"])
    response = client.post(
        url, {"action": "transfer", "on": "2025-04-01", "organization": world.org_b.pk}
    )
    new_act = TransferAct.objects.get(organization=world.org_b)
    assert response["Location"] == reverse("material:transfer_act", args=[new_act.pk])
    page = client.get(url).content.decode()
    assert "Передано в другую ППО" in page


def test_budget_form_saves_and_reports_errors(client, world):
    client.force_login(world.officer_a)
    url = reverse("material:budget_cabinet")
    data = {"year": 2025, "total": "100000,00", "actual_printing": "6000.50"}
    response = client.post(url, data)
    assert response.status_code == 302
    budget = Budget.objects.get(organization=world.org_a)
    assert budget.actual_total == Decimal("6000.50") and budget.meets_minimum
    data = {"year": 2025, "total": "1000", "actual_printing": "1000.01", "planned_other": "-5"}
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "отрицательной" in errors["planned_other"][0]
    response = client.post(url, {"year": 2025, "total": "1000", "actual_printing": "1000.01"})
    assert "больше сметы" in response.context["form"].errors["total"][0]
    budget.refresh_from_db()
    assert budget.total == Decimal("100000.00")  # nothing lost
    assert 'value="1000.01"' in response.content.decode()  # the typed figures stay in the form


def test_budget_is_scoped_to_own_ppo(client, world):
    Budget.objects.create(organization=world.org_a, year=2025, total=Decimal("777777"))
    client.force_login(world.officer_b)
    page = client.get(reverse("material:budget_cabinet") + "?year=2025").content.decode()
    assert "777" not in page
    client.post(reverse("material:budget_cabinet"), {"year": 2025, "total": "10"})
    assert Budget.objects.get(organization=world.org_a).total == Decimal("777777")
    assert Budget.objects.get(organization=world.org_b).total == Decimal("10")


@pytest.mark.parametrize("size", [1, 8])
def test_cabinet_queries_do_not_grow(client, world, django_assert_max_num_queries, size):
    services.equipment_issue(
        user=world.staff,
        organization=world.org_a,
        items=[EquipmentFactory() for _ in range(size)],
    )
    for _ in range(size):
        services.equipment_issue(
            user=world.staff, organization=world.org_a, items=[EquipmentFactory()]
        )
    client.force_login(world.officer_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("material:equipment_cabinet")).status_code == 200


def test_budget_overview_flags_ppos_below_five_percent(client, world):
    Budget.objects.create(
        organization=world.org_a, year=2025, total=Decimal("1000"), actual_other=Decimal("49.99")
    )
    Budget.objects.create(organization=None, year=2025, total=Decimal("1000"), actual_other=70)
    client.force_login(world.presidium)
    response = client.get(reverse("material:budget_overview") + "?year=2025")
    page = response.content.decode()
    assert 'class="table-danger"' in page and "ниже 5" in page
    assert "смета не внесена" in page  # PPO B
    assert "7,00" in page or "7.00" in page  # the ЧРО's own share
    assert response.context["below"] == 1 and response.context["missing"] == 1


def test_admin_action_preselects_items_for_issue(client, world):
    items = [EquipmentFactory(), EquipmentFactory()]
    client.force_login(world.staff)
    response = client.post(
        reverse("admin:material_equipment_changelist"),
        {"action": "issue_to_ppo", "_selected_action": [i.pk for i in items]},
    )
    assert response.status_code == 302
    form = client.get(response["Location"]).context["form"]
    assert sorted(form.initial["items"]) == sorted(i.pk for i in items)


def test_signed_scan_is_served_only_through_the_act(client, world, act):
    from django.core.files.base import ContentFile

    act.signed_scan.save("scan.pdf", ContentFile(b"%PDF-1.4 signed"), save=True)
    assert "scan" not in act.signed_scan.name  # an unguessable stored name
    client.force_login(world.officer_a)
    response = client.get(reverse("material:transfer_act_scan", args=[act.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    client.force_login(world.officer_b)
    assert client.get(reverse("material:transfer_act_scan", args=[act.pk])).status_code == 404


def test_budget_overview_counts_the_5_percent_rule_like_the_metric(client, world):
    from portal.metrics import registry
    from portal.periods import Period

    # A budget with a zero total is neither at nor below 5%: the metric leaves it out.
    Budget.objects.create(organization=world.org_a, year=2025, total=Decimal("0"))
    Budget.objects.create(
        organization=world.org_b, year=2025, total=Decimal("1000"), actual_other=Decimal("10")
    )
    client.force_login(world.presidium)
    response = client.get(reverse("material:budget_overview") + "?year=2025")
    ids = [world.org_a.pk, world.org_b.pk]
    values = registry.get("ppo.ppos_at_5_percent").values(Period.for_year(2025), ids)
    assert response.context["below"] == sum(1 for v in values.values() if not v) == 1
    assert response.content.decode().count('class="table-danger"') == 1


def test_confirmed_act_with_a_scan_shows_no_upload_form_and_refuses_a_crafted_post(
    client, world, act
):
    client.force_login(world.officer_a)
    url = reverse("material:transfer_act_confirm", args=[act.pk])
    scan = SimpleUploadedFile("act.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(url, {"signed_scan": scan}).status_code == 302
    act.refresh_from_db()
    first = act.signed_scan.name
    page = client.get(url).content.decode()
    assert "только аппарат ЧРО" in page and 'name="signed_scan"' not in page
    scan = SimpleUploadedFile("new.pdf", b"%PDF-1.4 other", content_type="application/pdf")
    response = client.post(url, {"signed_scan": scan})
    assert response.status_code == 200
    assert "только аппарат ЧРО" in response.content.decode()
    act.refresh_from_db()
    assert act.signed_scan.name == first
