from django.conf import settings

from .organization import current_organization
from .permissions import can_view_everything, is_presidium_member, is_staff_member


def portal(request):
    """The organization's record and the role flags for the navigation (templates never
    re-derive a rule)."""
    from ppo.selectors import officer_organization

    user = request.user
    return {
        "organization": current_organization(),
        "demo_banner": settings.PORTAL_DEMO_BANNER,
        "nav_is_staff": is_staff_member(user),
        "nav_is_presidium": is_presidium_member(user),
        "nav_can_view_everything": can_view_everything(user),
        "nav_officer_organization": officer_organization(user),
    }
