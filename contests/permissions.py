"""Who may do what in contests; views and templates ask these."""

from django.utils import timezone

from portal.permissions import is_staff_member
from ppo.selectors import officer_organization


def can_edit_entry(user, entry) -> bool:
    organization = officer_organization(user)
    return (
        organization is not None
        and organization.pk == entry.organization_id
        and entry.contest.accepts_entries(timezone.localdate())
    )


def can_view_unpublished_results(user) -> bool:
    return is_staff_member(user)
