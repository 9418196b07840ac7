from .corrections import FigureChange
from .organizations import (
    Channel,
    MembershipSnapshot,
    OfficerAppointment,
    PrimaryOrganization,
    SubscriberCount,
)

__all__ = [
    "Channel",
    "FigureChange",
    "MembershipSnapshot",
    "OfficerAppointment",
    "PrimaryOrganization",
    "SubscriberCount",
]
