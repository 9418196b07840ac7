from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# The admin index groups models the way staff think, not by Python app.
# Models not named here fall into «Прочее».
ADMIN_GROUPS: list[tuple[str, list[str]]] = [
    (
        _("Организации"),
        ["ppo.primaryorganization", "ppo.channel", "ppo.subscribercount", "ppo.membershipsnapshot"],
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
    site_header = _("Портал ЧРО Профсоюза работников здравоохранения")
    site_title = _("Администрирование портала")
    index_title = _("Рабочее место аппарата ЧРО")

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
