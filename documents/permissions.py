"""Who may do what with documents; views and templates ask these."""

from portal.permissions import is_staff_member
from ppo.selectors import officer_organization


def can_manage_documents(user) -> bool:
    """Send documents and mailings, remind, process the inbox: staff."""
    return is_staff_member(user)


def can_acknowledge(user, delivery) -> bool:
    """The officer of the PPO the document was delivered to."""
    organization = officer_organization(user)
    return organization is not None and organization.pk == delivery.organization_id


def can_submit_documents(user) -> bool:
    return officer_organization(user) is not None
