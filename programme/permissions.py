"""Who may download the programme's files; views and templates ask these."""

from portal.permissions import can_view_everything
from ppo.selectors import officer_organization


def can_download_evidence(user, record) -> bool:
    """Staff and the Presidium; the officer of the record's PPO (a ЧРО record: nobody else)."""
    if can_view_everything(user):
        return True
    if record.organization_id is None:
        return False
    organization = officer_organization(user)
    return organization is not None and organization.pk == record.organization_id


def can_download_training_materials(user) -> bool:
    """Training materials are for every logged-in user."""
    return user.is_authenticated


def can_download_commission_minutes(user) -> bool:
    """The minutes of the commission on information work: staff and the Presidium."""
    return can_view_everything(user)
