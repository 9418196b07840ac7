from django.conf import settings
from django.templatetags.static import static

from .notifications import unread_count
from .organization import current_organization
from .permissions import can_view_everything, is_presidium_member, is_staff_member


def portal(request):
    """The organization's record and the role flags for the navigation (templates never
    re-derive a rule)."""
    user = request.user
    organization = current_organization()
    return {
        # Not "organization": views name the PPO of a page so.
        "portal_organization": organization,
        "og_default_image_url": _og_default_image_url(request, organization),
        "demo_banner": settings.PORTAL_DEMO_BANNER,
        "nav_is_staff": is_staff_member(user),
        "nav_is_presidium": is_presidium_member(user),
        "nav_can_view_everything": can_view_everything(user),
        # One count query for a logged-in person (the bell).
        "nav_unread_notifications": unread_count(user),
    }


def _og_default_image_url(request, organization) -> str:
    """The image of a shared link when a page has none: the logo, else the site's own."""
    url = organization.logo.url if organization.logo else static("img/og-default.png")
    return request.build_absolute_uri(url)
