"""Access predicates for PPO data; views and templates ask these."""

from portal.permissions import is_staff_member

from .selectors import officer_organization


def is_officer(user) -> bool:
    return officer_organization(user) is not None


def can_edit_organization_data(user, organization) -> bool:
    """Channels, subscriber counts, membership: the PPO's own officer, or staff."""
    if organization is None:  # the ЧРО's own channels
        return is_staff_member(user)
    if is_staff_member(user):
        return True
    own = officer_organization(user)
    return own is not None and own.pk == organization.pk
