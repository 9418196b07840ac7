"""Writes of the material base: equipment (issue with an act, return, transfer, handover,
write-off) and information-work budgets."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from portal.db import save_one_per_key
from portal.notifications import notify
from portal.organization import abbreviation
from portal.permissions import is_staff_member
from ppo.models import PrimaryOrganization
from ppo.permissions import can_edit_organization_data
from ppo.selectors import current_officer, officer_organization

from .models import ActNumberSequence, Budget, Equipment, EquipmentIssue, TransferAct
from .models.budgets import ACTUAL_FIELDS, PLANNED_FIELDS
from .selectors import GONE

ALREADY_ISSUED = "Это оборудование уже выдано: сначала оформите его возврат или передачу."


def _check_staff(user):
    if not is_staff_member(user):
        raise PermissionDenied(f"Движение оборудования оформляет аппарат {abbreviation()}.")


def _check_movement_date(items: list[Equipment], on: dt.date) -> None:
    """A movement is dated neither in the future nor before the item's latest movement (an
    issue, a return, a transfer, a write-off): a back-date would overlap the item's own history,
    so two PPOs would hold it at once. One query, whatever the number of items."""
    if on > timezone.localdate():
        raise ValidationError(
            {"on": "Дата не может быть позже сегодняшнего дня."}, code="future_date"
        )
    rows = (
        EquipmentIssue.objects.filter(equipment__in=items)
        .values("equipment_id")
        .annotate(issued=Max("issued_on"), ended=Max("ended_on"))
    )
    latest = {
        row["equipment_id"]: max(d for d in (row["issued"], row["ended"]) if d) for row in rows
    }
    for equipment in items:
        dates = [d for d in (latest.get(equipment.pk), equipment.written_off_on) if d]
        if dates and on < max(dates):
            raise ValidationError(
                {
                    "on": f"Дата не может быть раньше последнего движения «{equipment}» "
                    f"({max(dates):%d.%m.%Y}): иначе предмет окажется в двух местах сразу."
                },
                code="before_last_movement",
            )


def act_next_number(year: int) -> int:
    """The next act number of the year. The year's counter row is locked until the end of the
    transaction, so two acts created at once never get the same number."""
    if not ActNumberSequence.objects.filter(year=year).exists():
        try:
            with transaction.atomic():
                ActNumberSequence.objects.create(year=year)
        except IntegrityError:  # another transaction created the row first
            pass
    sequence = ActNumberSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def _open_issue(*, equipment, organization, holder, act, on) -> EquipmentIssue:
    if equipment.is_written_off:
        raise ValidationError(
            {"equipment": f"«{equipment}» списано и не может быть выдано."}, code="written_off"
        )
    issue = EquipmentIssue(
        equipment=equipment, organization=organization, holder=holder, act=act, issued_on=on
    )
    # The open-issue constraint is checked by the database below; full_clean would only race.
    issue.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            issue.save()
    except IntegrityError as error:
        raise ValidationError(
            {"equipment": f"{ALREADY_ISSUED} ({equipment.inventory_number})"},
            code="already_issued",
        ) from error
    return issue


def _close_issue(issue: EquipmentIssue, *, on, reason, note="", document=None) -> EquipmentIssue:
    if on < issue.issued_on:
        raise ValidationError(
            {"on": f"Дата не может быть раньше выдачи ({issue.issued_on:%d.%m.%Y})."},
            code="before_issue",
        )
    issue.ended_on, issue.end_reason, issue.end_note = on, reason, note
    fields = ["ended_on", "end_reason", "end_note"]
    if document:
        issue.end_document = document
        fields.append("end_document")
    issue.save(update_fields=fields)
    return issue


def _locked_open_issue(equipment: Equipment) -> EquipmentIssue | None:
    return (
        EquipmentIssue.objects.select_for_update()
        .filter(equipment=equipment, ended_on__isnull=True)
        .first()
    )


@transaction.atomic
def equipment_issue(
    *,
    user,
    organization: PrimaryOrganization,
    items: list[Equipment],
    on: dt.date | None = None,
    recipient=None,
) -> TransferAct:
    """Issue items to a PPO's officer under a new act of transfer (numbered within the year)."""
    _check_staff(user)
    on = on or timezone.localdate()
    if not items:
        raise ValidationError({"items": "Выберите хотя бы один предмет."}, code="no_items")
    _check_movement_date(items, on)
    if recipient is None:
        appointment = current_officer(organization)
        if appointment is None:
            raise ValidationError(
                {
                    "organization": "В этой ППО нет действующего ответственного: "
                    "сначала назначьте его."
                },
                code="no_officer",
            )
        recipient = appointment.user
    act = TransferAct(
        year=on.year,
        number=0,
        date=on,
        organization=organization,
        recipient=recipient,
        issued_by=user,
    )
    act.full_clean(exclude=["number"], validate_constraints=False)
    act.number = act_next_number(on.year)
    act.save()
    for equipment in items:
        _open_issue(
            equipment=equipment, organization=organization, holder=recipient, act=act, on=on
        )
    notify(
        [recipient],
        ACT_KIND,
        f"Подтвердите получение оборудования по акту № {act.label} от {act.date:%d.%m.%Y}",
        ", ".join(str(equipment) for equipment in items),
        reverse("material:transfer_act_confirm", kwargs={"pk": act.pk}),
    )
    return act


ACT_KIND = "material:act"


@transaction.atomic
def equipment_return(
    *, user, equipment: Equipment, on: dt.date | None = None, note: str = "", document=None
) -> EquipmentIssue:
    """The PPO gives the item back to the ЧРО's store."""
    _check_staff(user)
    issue = _locked_open_issue(equipment)
    if issue is None:
        raise ValidationError("Это оборудование сейчас никому не выдано.", code="not_issued")
    on = on or timezone.localdate()
    _check_movement_date([equipment], on)
    return _close_issue(
        issue,
        on=on,
        reason=EquipmentIssue.EndReason.RETURNED,
        note=note,
        document=document,
    )


@transaction.atomic
def equipment_transfer(
    *,
    user,
    equipment: Equipment,
    organization: PrimaryOrganization,
    on: dt.date | None = None,
    note: str = "",
    document=None,
) -> TransferAct:
    """Move an item from the PPO holding it to another PPO, under a new act."""
    _check_staff(user)
    on = on or timezone.localdate()
    issue = _locked_open_issue(equipment)
    if issue is None:
        raise ValidationError(
            "Это оборудование сейчас никому не выдано: оформите выдачу.", code="not_issued"
        )
    if issue.organization_id == organization.pk:
        raise ValidationError(
            {"organization": "Оборудование уже находится в этой ППО."}, code="same_organization"
        )
    _check_movement_date([equipment], on)
    _close_issue(
        issue,
        on=on,
        reason=EquipmentIssue.EndReason.TRANSFERRED,
        note=note or f"Передано в {organization}",
        document=document,
    )
    return equipment_issue(user=user, organization=organization, items=[equipment], on=on)


@transaction.atomic
def equipment_write_off(
    *, user, equipment: Equipment, reason: str, on: dt.date | None = None, document=None
) -> Equipment:
    """Write an item off (with a reason and, preferably, the act of write-off)."""
    _check_staff(user)
    on = on or timezone.localdate()
    equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
    if equipment.is_written_off:
        raise ValidationError("Это оборудование уже списано.", code="already_written_off")
    if not reason.strip():
        raise ValidationError({"reason": "Укажите причину списания."}, code="no_reason")
    _check_movement_date([equipment], on)
    issue = _locked_open_issue(equipment)
    if issue is not None:
        _close_issue(
            issue,
            on=on,
            reason=EquipmentIssue.EndReason.WRITTEN_OFF,
            note=reason.strip(),
            document=document,
        )
    equipment.written_off_on, equipment.write_off_reason = on, reason.strip()
    fields = ["written_off_on", "write_off_reason"]
    if document:
        equipment.write_off_document = document
        fields.append("write_off_document")
    equipment.save(update_fields=fields)
    return equipment


def _check_own_act(user, act: TransferAct):
    own = officer_organization(user)
    if not is_staff_member(user) and (own is None or own.pk != act.organization_id):
        raise PermissionDenied("Это акт другой организации.")


@transaction.atomic
def act_confirm(*, user, act: TransferAct, signed_scan=None) -> TransferAct:
    """The receiving PPO's officer confirms that the items arrived (optionally with the scan)."""
    _check_own_act(user, act)
    act = TransferAct.objects.select_for_update().get(pk=act.pk)
    fields = []
    if signed_scan:
        _check_scan_replacement(user, act)
        act.signed_scan = signed_scan
        fields.append("signed_scan")
    if act.confirmed_at is None and not act.issues.exclude(end_reason__in=GONE).exists():
        raise ValidationError(
            "Оборудование по этому акту уже возвращено в ЧРО или передано в другую ППО: "
            "подтверждать его получение не нужно.",
            code="items_gone",
        )
    if act.confirmed_at is None:
        act.confirmed_at = timezone.now()
        fields.append("confirmed_at")
    elif not fields:
        raise ValidationError("Получение по этому акту уже подтверждено.", code="confirmed")
    act.save(update_fields=fields)
    return act


def _check_scan_replacement(user, act: TransferAct) -> None:
    """Once an act is confirmed with a signed scan, the scan is the record: only staff replace
    it (an officer may still attach the scan to an act confirmed without one)."""
    if act.confirmed_at is not None and act.signed_scan and not is_staff_member(user):
        raise ValidationError(
            {
                "signed_scan": "Получение уже подтверждено и скан загружен: заменить скан "
                f"может только аппарат {abbreviation()}."
            },
            code="scan_locked",
        )


@transaction.atomic
def act_attach_scan(*, user, act: TransferAct, signed_scan) -> TransferAct:
    _check_own_act(user, act)
    act = TransferAct.objects.select_for_update().get(pk=act.pk)
    _check_scan_replacement(user, act)
    act.signed_scan = signed_scan
    act.save(update_fields=["signed_scan"])
    return act


@transaction.atomic
def equipment_handover_accept(
    *, user, issue: EquipmentIssue, on: dt.date | None = None
) -> EquipmentIssue:
    """The PPO's new officer takes over an item the former officer held."""
    on = on or timezone.localdate()
    own = officer_organization(user)
    if own is None or own.pk != issue.organization_id:
        raise PermissionDenied("Принять оборудование может ответственный этой ППО.")
    issue = EquipmentIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.ended_on is not None:
        raise ValidationError("Это оборудование уже выбыло из ППО.", code="closed")
    if issue.holder_id == user.pk:
        raise ValidationError("Это оборудование и так числится за вами.", code="same_holder")
    _close_issue(
        issue,
        on=max(on, issue.issued_on),
        reason=EquipmentIssue.EndReason.HANDED_OVER,
        note=f"Принял(а) {user}",
    )
    return _open_issue(
        equipment=issue.equipment,
        organization=issue.organization,
        holder=user,
        act=None,
        on=max(on, issue.issued_on),
    )


# --- Information-work budgets (сметы) ------------------------------------------------------------


AMOUNT_FIELDS = ["total", *PLANNED_FIELDS, *ACTUAL_FIELDS]


@transaction.atomic
def budget_save(
    *, user, organization: PrimaryOrganization | None, year: int, **amounts: Decimal
) -> Budget:
    """Create or correct the budget of a PPO (or of the ЧРО, for staff) for a year."""
    if not can_edit_organization_data(user, organization):
        raise PermissionDenied("Нет прав на изменение сметы этой организации.")
    unknown = set(amounts) - set(AMOUNT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown budget fields: {unknown}")
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year + 1:
        raise ValidationError(
            {"year": "Год сметы — с 2000 по %s." % (this_year + 1)}, code="year_range"
        )

    def change(budget: Budget) -> None:
        for name, value in amounts.items():
            setattr(budget, name, value if value is not None else Decimal(0))
        budget.full_clean(validate_unique=budget.pk is None)

    # Two first saves of a year at once (two tabs): the loser's insert is retried as an update
    # of the winner's budget instead of failing on the constraint (see save_one_per_key).
    return save_one_per_key(
        load=lambda: (
            Budget.objects.select_for_update()
            .filter(organization=organization, year=year)
            .order_by("pk")
            .first()
        ),
        build=lambda: Budget(organization=organization, year=year),
        change=change,
    )
