"""Access predicates of the integrations."""

from portal.permissions import is_staff_member
from ppo.permissions import can_edit_organization_data


def can_refresh_channel(user, channel) -> bool:
    """«Обновить сейчас»: the officer of the channel's PPO, or staff (the ЧРО's own: staff)."""
    return can_edit_organization_data(user, channel.organization)


def can_view_monitoring(user) -> bool:
    return is_staff_member(user)
