"""Roles of the portal: two groups plus one fact (an open officer appointment, see ppo).

Staff (Аппарат ЧРО) edit everything through the admin; the Presidium reads everything."""

from django.apps import apps as global_apps
from django.db.models import Q

STAFF_GROUP = "Аппарат ЧРО"
PRESIDIUM_GROUP = "Президиум"
# The page-cache group (portal/pagecache.py) of who is in which group: bumped by any change of
# groups or of a person's membership, so a role given or taken is seen on the next request.
ROLES = "roles"

# Apps whose models staff manage in the admin.
PROJECT_APPS = (
    "portal",
    "ppo",
    "publications",
    "material",
    "programme",
    "reports",
    "media_archive",
    "contests",
    "documents",
    "integrations",
    "taggit",  # the archive's tags (media_archive)
)


def sync_role_groups(*, apps=global_apps, verbosity=0, **kwargs):
    """Give the role groups their model permissions (idempotent; runs after every migrate)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    presidium, _ = Group.objects.get_or_create(name=PRESIDIUM_GROUP)
    project = Permission.objects.filter(content_type__app_label__in=PROJECT_APPS)
    staff.permissions.set(
        project.exclude(codename__in=["add_group", "change_group", "delete_group"])
        | Permission.objects.filter(content_type__app_label="auth", codename="view_group")
    )
    presidium.permissions.set(project.filter(Q(codename__startswith="view_")))
