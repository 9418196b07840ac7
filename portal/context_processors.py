from django.conf import settings

from .permissions import can_view_everything, is_presidium_member, is_staff_member


def portal(request):
    """Role flags for the navigation (templates never re-derive a rule)."""
    user = request.user
    return {
        "demo_banner": settings.PORTAL_DEMO_BANNER,
        "nav_is_staff": is_staff_member(user),
        "nav_is_presidium": is_presidium_member(user),
        "nav_can_view_everything": can_view_everything(user),
    }
