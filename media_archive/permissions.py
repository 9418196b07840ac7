"""Who may do what in the archive (views and templates ask these, nobody re-derives a rule)."""

from portal.permissions import can_view_everything, is_staff_member
from ppo.selectors import officer_organization

from .models import Album, MediaItem


def can_manage_archive(user) -> bool:
    """Officers (for their PPO) and staff (for everything) create albums and upload."""
    return is_staff_member(user) or officer_organization(user) is not None


def can_manage_album(user, album: Album) -> bool:
    if is_staff_member(user):
        return True
    organization = officer_organization(user)
    return organization is not None and album.organization_id == organization.pk


def can_view_album(user, album: Album) -> bool:
    if album.visibility == Album.Visibility.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if album.visibility == Album.Visibility.INTERNAL or can_view_everything(user):
        return True
    return can_manage_album(user, album)


def can_view_item(user, item: MediaItem) -> bool:
    """A photo whose people gave no consent stays inside the union (logged-in users) even in a
    public album."""
    if not can_view_album(user, item.album):
        return False
    return user.is_authenticated or item.rights != MediaItem.Rights.INTERNAL
