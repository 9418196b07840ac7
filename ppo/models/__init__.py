from .organizations import (
    Channel,
    MembershipSnapshot,
    OfficerAppointment,
    PrimaryOrganization,
    SubscriberCount,
)
from .publications import ModerationEvent, Publication, PublicationPhoto, Review

__all__ = [
    "Channel",
    "MembershipSnapshot",
    "OfficerAppointment",
    "PrimaryOrganization",
    "SubscriberCount",
    "Publication",
    "PublicationPhoto",
    "Review",
    "ModerationEvent",
]
from .budgets import BUDGET_CATEGORIES, Budget  # noqa: E402
from .equipment import (  # noqa: E402
    ActNumberSequence,
    Equipment,
    EquipmentIssue,
    TransferAct,
)

__all__ += [
    "ActNumberSequence",
    "BUDGET_CATEGORIES",
    "Budget",
    "Equipment",
    "EquipmentIssue",
    "TransferAct",
]
