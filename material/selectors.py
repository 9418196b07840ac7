"""Reads of the equipment register: holders, histories, acts and handover flags."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from portal.periods import Period
from portal.permissions import can_view_everything
from ppo.models import OfficerAppointment, PrimaryOrganization
from ppo.selectors import officer_organization, organizations_active

from .models import Budget, Equipment, EquipmentIssue, TransferAct


def open_issues() -> QuerySet[EquipmentIssue]:
    return EquipmentIssue.objects.filter(ended_on__isnull=True).select_related(
        "equipment", "organization", "holder", "act"
    )


def current_issue(equipment: Equipment) -> EquipmentIssue | None:
    """The item's holder today: its open issue, or None when it is in the ЧРО's store."""
    return open_issues().filter(equipment=equipment).first()


def equipment_history(equipment: Equipment) -> QuerySet[EquipmentIssue]:
    return equipment.issues.select_related("organization", "holder", "act").order_by(
        "-issued_on", "-pk"
    )


def equipment_register() -> QuerySet[Equipment]:
    """All items with their current holder annotated (one query)."""
    holder = EquipmentIssue.objects.filter(equipment=OuterRef("pk"), ended_on__isnull=True)
    return Equipment.objects.annotate(is_issued=Exists(holder)).order_by("kind", "inventory_number")


def equipment_available() -> QuerySet[Equipment]:
    """Items that can be issued: in the ЧРО's store and not written off."""
    return equipment_register().filter(is_issued=False, written_off_on__isnull=True)


def equipment_held_by(organization: PrimaryOrganization) -> QuerySet[EquipmentIssue]:
    """The PPO's equipment today, each with a ``needs_handover`` flag."""
    return with_handover_flag(open_issues().filter(organization=organization)).order_by(
        "equipment__kind", "equipment__inventory_number"
    )


def organization_equipment_history(
    organization: PrimaryOrganization,
) -> QuerySet[EquipmentIssue]:
    return (
        EquipmentIssue.objects.filter(organization=organization)
        .select_related("equipment", "holder", "act")
        .order_by("-issued_on", "-pk")
    )


def with_handover_flag(issues: QuerySet[EquipmentIssue], on: dt.date | None = None):
    """Annotate ``needs_handover``: the holder is no longer an officer of the holding PPO."""
    on = on or timezone.localdate()
    holder_in_office = OfficerAppointment.objects.in_force(on).filter(
        user=OuterRef("holder"), organization=OuterRef("organization")
    )
    return issues.annotate(needs_handover=~Exists(holder_in_office))


def issues_needing_handover(on: dt.date | None = None) -> QuerySet[EquipmentIssue]:
    """Equipment held by a person whose appointment in the holding PPO has ended."""
    return (
        with_handover_flag(open_issues(), on)
        .filter(needs_handover=True)
        .order_by("organization__short_name", "equipment__inventory_number")
    )


def acts_visible_to(user) -> QuerySet[TransferAct]:
    queryset = TransferAct.objects.select_related("organization", "recipient", "issued_by")
    if can_view_everything(user):
        return queryset
    organization = officer_organization(user)
    if organization is None:
        return queryset.none()
    return queryset.filter(organization=organization)


def issues_visible_to(user) -> QuerySet[EquipmentIssue]:
    """Issues whose documents the user may read: staff and the Presidium every one, an officer
    their PPO's."""
    queryset = EquipmentIssue.objects.select_related("equipment", "organization")
    if can_view_everything(user):
        return queryset
    organization = officer_organization(user)
    if organization is None:
        return queryset.none()
    return queryset.filter(organization=organization)


def written_off_visible_to(user) -> QuerySet[Equipment]:
    """Written-off items whose act of write-off the user may read: staff and the Presidium every
    one, an officer those their PPO held when they were written off."""
    queryset = Equipment.objects.filter(written_off_on__isnull=False)
    if can_view_everything(user):
        return queryset
    organization = officer_organization(user)
    if organization is None:
        return queryset.none()
    held = EquipmentIssue.objects.filter(
        equipment=OuterRef("pk"),
        organization=organization,
        end_reason=EquipmentIssue.EndReason.WRITTEN_OFF,
    )
    return queryset.filter(Exists(held))


def acts_of(organization: PrimaryOrganization) -> QuerySet[TransferAct]:
    return TransferAct.objects.filter(organization=organization).select_related(
        "recipient", "issued_by"
    )


# Items that left the PPO: an act whose every item did so is no longer to be confirmed.
GONE = (EquipmentIssue.EndReason.RETURNED, EquipmentIssue.EndReason.TRANSFERRED)


def acts_to_confirm(organization: PrimaryOrganization) -> QuerySet[TransferAct]:
    """The PPO's acts not confirmed yet whose items (some of them) are still with it."""
    still_here = EquipmentIssue.objects.filter(act=OuterRef("pk")).exclude(end_reason__in=GONE)
    return (
        acts_of(organization)
        .filter(confirmed_at__isnull=True)
        .filter(Exists(still_here))
        .order_by("date", "pk")
    )


def act_items(act: TransferAct) -> QuerySet[EquipmentIssue]:
    return act.issues.select_related("equipment").order_by("equipment__inventory_number")


def budget_overview(year: int) -> tuple[Budget | None, list[PrimaryOrganization]]:
    """The ЧРО's budget of the year and the active PPOs, each with ``year_budget`` (or None)."""
    chro = Budget.objects.filter(organization__isnull=True, year=year).first()
    organizations = list(
        organizations_active(Period.for_year(year))
        .prefetch_related(
            Prefetch("budgets", queryset=Budget.objects.filter(year=year), to_attr="year_budgets")
        )
        .order_by("short_name")
    )
    for organization in organizations:
        organization.year_budget = (organization.year_budgets or [None])[0]
    return chro, organizations
