"""Who may do what: small predicates that views and templates ask (never re-derived inline)."""

from . import pagecache
from .roles import PRESIDIUM_GROUP, ROLES, STAFF_GROUP


def _group_names(user) -> frozenset[str]:
    # Asked by every page (the navigation): kept in the cache while no group or membership
    # changes (``pagecache.ROLES``, bumped by portal/apps.py), and on the user object, which
    # lives for one request.
    if not hasattr(user, "_portal_group_names"):
        user._portal_group_names = pagecache.kept(
            f"roles:{user.pk}",
            (ROLES,),
            lambda: frozenset(user.groups.values_list("name", flat=True)),
        )
    return user._portal_group_names


def is_staff_member(user) -> bool:
    """Committee staff: an active account with access to the admin."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def is_presidium_member(user) -> bool:
    return bool(user.is_authenticated and user.is_active and PRESIDIUM_GROUP in _group_names(user))


def can_view_everything(user) -> bool:
    """Staff and the Presidium read the data of every PPO."""
    return is_staff_member(user) or is_presidium_member(user)


__all__ = ["STAFF_GROUP", "is_staff_member", "is_presidium_member", "can_view_everything"]
