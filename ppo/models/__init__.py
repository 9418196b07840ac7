from .organizations import (
    Channel,
    MembershipSnapshot,
    OfficerAppointment,
    PrimaryOrganization,
    SubscriberCount,
)

__all__ = [
    "Channel",
    "MembershipSnapshot",
    "OfficerAppointment",
    "PrimaryOrganization",
    "SubscriberCount",
]
