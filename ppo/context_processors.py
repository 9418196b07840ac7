from portal.due import due_count

from .selectors import officer_organization


def officer(request):
    """The PPO of the officer who is logged in (None for everybody else) and the number of
    its due items (cached), for the navigation."""
    organization = officer_organization(request.user)
    return {
        "nav_officer_organization": organization,
        "nav_due_count": due_count(organization) if organization is not None else None,
    }
