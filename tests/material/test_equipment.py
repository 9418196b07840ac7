"""Equipment: issue with numbered acts, derived holder, history, constraints, handover."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from material import selectors, services
from material.models import EquipmentIssue, TransferAct
from tests.factories import AppointmentFactory, OrganizationFactory, UserFactory
from tests.material.factories import EquipmentFactory

D = dt.date


def test_issue_creates_act_and_holder(world):
    laptop, camera = EquipmentFactory(), EquipmentFactory(kind="camera")
    act = services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[laptop, camera], on=D(2025, 3, 3)
    )
    assert (act.year, act.number, act.recipient, act.issued_by) == (
        2025,
        1,
        world.officer_a,
        world.staff,
    )
    assert act.issues.count() == 2
    holder = selectors.current_issue(laptop)
    assert (holder.organization, holder.holder, holder.act) == (
        world.org_a,
        world.officer_a,
        act,
    )


def test_item_cannot_be_issued_twice_service_message(world):
    laptop = EquipmentFactory()
    services.equipment_issue(user=world.staff, organization=world.org_a, items=[laptop])
    with pytest.raises(ValidationError, match="уже выдано"):
        services.equipment_issue(user=world.staff, organization=world.org_b, items=[laptop])
    assert EquipmentIssue.objects.filter(equipment=laptop).count() == 1
    # the failed issue left no act behind either (the whole service is atomic)
    assert TransferAct.objects.count() == 1


def test_item_cannot_be_issued_twice_database_constraint(world):
    laptop = EquipmentFactory()
    common = {"equipment": laptop, "holder": world.officer_a, "issued_on": D(2025, 1, 1)}
    EquipmentIssue.objects.create(organization=world.org_a, **common)
    with pytest.raises(IntegrityError, match="ppo_equipment_one_open_issue"), transaction.atomic():
        EquipmentIssue.objects.create(organization=world.org_b, **common)
    # a closed issue does not block a new one
    EquipmentIssue.objects.filter(equipment=laptop).update(
        ended_on=D(2025, 2, 1), end_reason=EquipmentIssue.EndReason.RETURNED
    )
    EquipmentIssue.objects.create(organization=world.org_b, **common)


def test_history_after_issue_transfer_and_return(world):
    laptop = EquipmentFactory()
    services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[laptop], on=D(2025, 1, 10)
    )
    act = services.equipment_transfer(
        user=world.staff, equipment=laptop, organization=world.org_b, on=D(2025, 4, 1)
    )
    assert act.organization == world.org_b and act.number == 2
    assert selectors.current_issue(laptop).organization == world.org_b
    services.equipment_return(user=world.staff, equipment=laptop, on=D(2025, 6, 30), note="ремонт")
    assert selectors.current_issue(laptop) is None
    history = [
        (i.organization, i.issued_on, i.ended_on, i.end_reason)
        for i in selectors.equipment_history(laptop)
    ]
    assert history == [
        (world.org_b, D(2025, 4, 1), D(2025, 6, 30), "returned"),
        (world.org_a, D(2025, 1, 10), D(2025, 4, 1), "transferred"),
    ]
    assert laptop in selectors.equipment_available()


def test_transfer_to_same_ppo_and_return_of_stored_item_are_refused(world):
    laptop = EquipmentFactory()
    with pytest.raises(ValidationError, match="никому не выдано"):
        services.equipment_return(user=world.staff, equipment=laptop)
    services.equipment_issue(user=world.staff, organization=world.org_a, items=[laptop])
    with pytest.raises(ValidationError, match="уже находится в этой ППО"):
        services.equipment_transfer(user=world.staff, equipment=laptop, organization=world.org_a)


def test_return_before_issue_date_is_refused(world):
    laptop = EquipmentFactory()
    services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[laptop], on=D(2025, 5, 5)
    )
    with pytest.raises(ValidationError, match="раньше последнего движения"):
        services.equipment_return(user=world.staff, equipment=laptop, on=D(2025, 5, 4))
    assert selectors.current_issue(laptop) is not None


def test_write_off_closes_issue_and_blocks_new_issue(world):
    laptop = EquipmentFactory()
    services.equipment_issue(user=world.staff, organization=world.org_a, items=[laptop])
    with pytest.raises(ValidationError, match="причину"):
        services.equipment_write_off(user=world.staff, equipment=laptop, reason="  ")
    services.equipment_write_off(user=world.staff, equipment=laptop, reason="Разбит экран")
    laptop.refresh_from_db()
    assert laptop.is_written_off and laptop.write_off_reason == "Разбит экран"
    assert selectors.current_issue(laptop) is None
    assert laptop.issues.get().end_reason == "written_off"
    with pytest.raises(ValidationError, match="списано"):
        services.equipment_issue(user=world.staff, organization=world.org_b, items=[laptop])


def test_issue_needs_an_officer_and_staff(world):
    laptop = EquipmentFactory()
    lonely = OrganizationFactory()
    with pytest.raises(ValidationError, match="нет действующего ответственного"):
        services.equipment_issue(user=world.staff, organization=lonely, items=[laptop])
    with pytest.raises(PermissionDenied):
        services.equipment_issue(user=world.officer_a, organization=world.org_a, items=[laptop])


def test_act_numbers_are_sequential_per_year(world):
    numbers = []
    for on in [D(2024, 12, 30), D(2024, 12, 31), D(2025, 1, 1), D(2025, 1, 2), D(2024, 12, 31)]:
        act = services.equipment_issue(
            user=world.staff, organization=world.org_a, items=[EquipmentFactory()], on=on
        )
        numbers.append(act.label)
    assert numbers == ["1/2024", "2/2024", "1/2025", "2/2025", "3/2024"]


def test_act_numbers_are_unique_in_the_database(world):
    act = services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[EquipmentFactory()]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        TransferAct.objects.create(
            year=act.year,
            number=act.number,
            date=act.date,
            organization=world.org_b,
            recipient=world.officer_b,
            issued_by=world.staff,
        )


def test_officer_confirms_receipt_of_own_act_only(world):
    act = services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[EquipmentFactory()]
    )
    with pytest.raises(PermissionDenied):
        services.act_confirm(user=world.officer_b, act=act)
    services.act_confirm(user=world.officer_a, act=act)
    act.refresh_from_db()
    assert act.is_confirmed
    with pytest.raises(ValidationError, match="уже подтверждено"):
        services.act_confirm(user=world.officer_a, act=act)


def test_handover_flag_after_appointment_ends(world):
    laptop = EquipmentFactory()
    services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[laptop], on=D(2024, 2, 1)
    )
    assert not selectors.issues_needing_handover().exists()
    appointment = world.officer_a.appointments.get()
    appointment.ends_on = D(2025, 1, 31)
    appointment.save(update_fields=["ends_on"])
    flagged = list(selectors.issues_needing_handover())
    assert [(i.equipment, i.holder) for i in flagged] == [(laptop, world.officer_a)]
    # the flag is derived: the day before the end it is not raised
    assert not selectors.issues_needing_handover(on=D(2025, 1, 31)).exists()

    successor = AppointmentFactory(organization=world.org_a, starts_on=D(2025, 2, 1)).user
    held = list(selectors.equipment_held_by(world.org_a))
    assert held[0].needs_handover
    with pytest.raises(PermissionDenied):
        services.equipment_handover_accept(user=world.officer_b, issue=held[0])
    new = services.equipment_handover_accept(user=successor, issue=held[0])
    assert selectors.current_issue(laptop).holder == successor == new.holder
    assert not selectors.issues_needing_handover().exists()
    assert [i.end_reason for i in selectors.equipment_history(laptop)] == ["", "handover"]


def test_holder_is_an_officer_of_another_ppo_is_flagged(world):
    """Moving an officer to another PPO also flags what they still hold in the first one."""
    laptop = EquipmentFactory()
    services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[laptop], recipient=UserFactory()
    )
    assert list(selectors.issues_needing_handover().values_list("equipment", flat=True)) == [
        laptop.pk
    ]


def test_issue_back_dated_before_the_items_last_return_is_refused(world):
    laptop = EquipmentFactory()
    services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[laptop], on=D(2025, 3, 1)
    )
    services.equipment_return(user=world.staff, equipment=laptop, on=D(2025, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.equipment_issue(
            user=world.staff, organization=world.org_b, items=[laptop], on=D(2025, 1, 1)
        )
    assert "раньше последнего движения" in error.value.message_dict["on"][0]
    assert "01.06.2025" in error.value.message_dict["on"][0]
    assert not TransferAct.objects.filter(organization=world.org_b).exists()
    # The same day as the return is fine: the item left A and reached B that day.
    services.equipment_issue(
        user=world.staff, organization=world.org_b, items=[laptop], on=D(2025, 6, 1)
    )


def test_future_dates_are_refused_for_every_movement(world):
    laptop = EquipmentFactory()
    from django.utils import timezone

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="позже сегодняшнего"):
        services.equipment_issue(
            user=world.staff, organization=world.org_a, items=[laptop], on=tomorrow
        )
    services.equipment_issue(user=world.staff, organization=world.org_a, items=[laptop])
    for call in (
        lambda: services.equipment_return(user=world.staff, equipment=laptop, on=tomorrow),
        lambda: services.equipment_transfer(
            user=world.staff, equipment=laptop, organization=world.org_b, on=tomorrow
        ),
        lambda: services.equipment_write_off(
            user=world.staff, equipment=laptop, reason="Разбит", on=tomorrow
        ),
    ):
        with pytest.raises(ValidationError, match="позже сегодняшнего"):
            call()
    assert selectors.current_issue(laptop).organization == world.org_a


def test_transfer_and_write_off_before_the_last_movement_are_refused(world):
    laptop = EquipmentFactory()
    services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[laptop], on=D(2025, 5, 5)
    )
    with pytest.raises(ValidationError, match="раньше последнего движения"):
        services.equipment_transfer(
            user=world.staff, equipment=laptop, organization=world.org_b, on=D(2025, 5, 1)
        )
    with pytest.raises(ValidationError, match="раньше последнего движения"):
        services.equipment_write_off(
            user=world.staff, equipment=laptop, reason="Разбит", on=D(2025, 5, 1)
        )
    laptop.refresh_from_db()
    assert not laptop.is_written_off
    assert selectors.current_issue(laptop).organization == world.org_a


def test_officer_cannot_replace_the_scan_of_a_confirmed_act(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def scan():
        return SimpleUploadedFile("act.pdf", b"%PDF-1.4 test")

    act = services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[EquipmentFactory()]
    )
    # Confirmed without a scan: the officer may still attach it once.
    services.act_confirm(user=world.officer_a, act=act)
    services.act_confirm(user=world.officer_a, act=act, signed_scan=scan())
    act.refresh_from_db()
    first = act.signed_scan.name
    with pytest.raises(ValidationError) as error:
        services.act_confirm(user=world.officer_a, act=act, signed_scan=scan())
    assert "только аппарат ЧРО" in error.value.message_dict["signed_scan"][0]
    with pytest.raises(ValidationError, match="только аппарат ЧРО"):
        services.act_attach_scan(user=world.officer_a, act=act, signed_scan=scan())
    act.refresh_from_db()
    assert act.signed_scan.name == first
    services.act_attach_scan(user=world.staff, act=act, signed_scan=scan())
    act.refresh_from_db()
    assert act.signed_scan.name != first


def test_signed_scans_are_kept_out_of_the_public_media_folder(world, settings):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    act = services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[EquipmentFactory()]
    )
    services.act_confirm(
        user=world.officer_a, act=act, signed_scan=SimpleUploadedFile("act.pdf", b"%PDF-1.4 signed")
    )
    act.refresh_from_db()
    assert act.signed_scan.storage.exists(act.signed_scan.name)
    assert not (Path(settings.MEDIA_ROOT) / act.signed_scan.name).exists()


def test_a_renamed_page_is_not_a_scan():
    from django import forms as django_forms
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.uploads import check_upload

    with pytest.raises(django_forms.ValidationError, match="PDF, JPEG, PNG"):
        check_upload(SimpleUploadedFile("act.pdf", b"<html><script>alert(1)</script>"), "act_scan")
