from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .admin_grammar import grammatical
from .forms import BoundedDateField, BoundedSplitDateTimeField

# Every date typed in the admin stays within the forms' date window (portal/forms.py).
DATE_FIELD_OVERRIDES = {
    models.DateField: {"form_class": BoundedDateField},
    models.DateTimeField: {"form_class": BoundedSplitDateTimeField},
}


def _with_bounded_dates(admin_class):
    """A subclass of a ModelAdmin or an inline whose date fields (and its inlines') are bounded.

    Done once here rather than as a mixin on every admin, so a new admin cannot forget it; an
    admin's own override for a date field wins."""
    overrides = {**DATE_FIELD_OVERRIDES}
    for field_class, options in admin_class.formfield_overrides.items():
        overrides[field_class] = {**overrides.get(field_class, {}), **options}
    attrs = {"formfield_overrides": overrides, "__module__": admin_class.__module__}
    if getattr(admin_class, "inlines", None):
        attrs["inlines"] = [_with_bounded_dates(inline) for inline in admin_class.inlines]
    return type(admin_class.__name__, (admin_class,), attrs)


# The admin index groups models the way staff think, not by Python app.
# Models not named here fall into «Прочее».
ADMIN_GROUPS: list[tuple[str, list[str]]] = [
    (
        _("Организации"),
        [
            "portal.organization",
            "ppo.primaryorganization",
            "ppo.channel",
            "ppo.subscribercount",
            "ppo.membershipsnapshot",
        ],
    ),
    (_("Люди"), ["portal.user", "ppo.officerappointment", "auth.group"]),
    (_("Публикации"), ["publications.publication"]),
    (
        _("Программа"),
        [
            "programme.programme",
            "programme.section",
            "programme.measure",
            "programme.activity",
            "programme.executionrecord",
            "programme.indicator",
            "programme.training",
        ],
    ),
    (
        _("Материальная база"),
        [
            "material.equipment",
            "material.equipmentissue",
            "material.transferact",
            "material.budget",
        ],
    ),
    (
        _("Отчёты и рейтинг"),
        [
            "reports.ppomonthlyreport",
            "reports.centralcommitteereport",
            "reports.ratingcriterion",
            "reports.ratingresult",
            "reports.survey",
            "reports.surveyresponse",
        ],
    ),
    (_("Архив"), ["media_archive.album", "media_archive.mediaitem", "taggit.tag"]),
    (_("Конкурсы"), ["contests.contest", "contests.entry", "contests.juror"]),
    (
        _("Документы и рассылки"),
        [
            "documents.document",
            "documents.mailing",
            "documents.submission",
            "documents.mailingdelivery",
            "documents.digestsubscriber",
        ],
    ),
]


class PortalAdminSite(admin.AdminSite):
    site_header = _("Портал")
    site_title = _("Администрирование портала")
    index_title = _("Рабочее место аппарата")

    def each_context(self, request):
        from .organization import current_organization

        context = super().each_context(request)
        organization = current_organization()
        if organization.site_name:
            context["site_header"] = organization.site_name
        if organization.abbreviation:
            context["index_title"] = _("Рабочее место аппарата %(abbreviation)s") % {
                "abbreviation": organization.abbreviation
            }
        return context

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin gets grammatical Russian titles and dates within the forms' window.
        admin_class = grammatical(_with_bounded_dates(admin_class or admin.ModelAdmin))
        super().register(model_or_iterable, admin_class, **options)

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label:
            return app_list
        models = {
            f"{app['app_label']}.{model['object_name'].lower()}": model
            for app in app_list
            for model in app["models"]
        }
        grouped = []
        for index, (title, keys) in enumerate(ADMIN_GROUPS):
            members = [models.pop(key) for key in keys if key in models]
            if members:
                grouped.append(
                    {
                        "name": title,
                        "app_label": f"group{index}",
                        "app_url": "",
                        "has_module_perms": True,
                        "models": members,
                    }
                )
        if models:
            grouped.append(
                {
                    "name": _("Прочее"),
                    "app_label": "other",
                    "app_url": "",
                    "has_module_perms": True,
                    "models": sorted(models.values(), key=lambda m: str(m["name"])),
                }
            )
        return grouped
