"""Who may do what with publications (views, templates and services ask these)."""

from portal.permissions import is_staff_member
from ppo.selectors import officer_organization


def can_edit_publication(user, publication) -> bool:
    """Staff edit any publication before and after publishing (not a rejected one); an officer
    edits their own PPO's publication while it is a draft or sent back for changes."""
    if not user.is_authenticated:
        return False
    if is_staff_member(user):
        return publication.status != publication.Status.REJECTED
    if publication.organization_id is None:  # the ЧРО's own news
        return False
    own = officer_organization(user)
    return (
        own is not None
        and own.pk == publication.organization_id
        and publication.status in publication.AUTHOR_EDITABLE
    )


def can_submit_publication(user, publication) -> bool:
    return publication.status in publication.AUTHOR_EDITABLE and can_edit_publication(
        user, publication
    )


def can_moderate_publication(user, publication=None) -> bool:
    return is_staff_member(user)
