from .selectors import officer_organization


def officer(request):
    """The PPO of the officer who is logged in (None for everybody else), for the navigation."""
    return {"nav_officer_organization": officer_organization(request.user)}
