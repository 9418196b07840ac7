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
