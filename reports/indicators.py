"""The metrics each report uses, by key, in one place.

Keys of metrics that other apps have not registered (yet) are skipped: they appear in the
reports as soon as their app registers them (see portal.metrics)."""

from portal.metrics import Metric, registry

# Prefilled in the PPO monthly report: what the portal already knows is not typed again.
MONTHLY_REPORT_METRICS = [
    "ppo.employees",
    "ppo.members",
    "ppo.membership_level",
    "ppo.members_joined",
    "ppo.members_left",
    "ppo.channels",
    "ppo.subscribers",
    "ppo.subscribers_growth",
    "ppo.publications_approved",
    "ppo.social_links",
]

# The ЧРО's totals in the monthly report to the Central Committee.
CC_TOTAL_METRICS = [
    "ppo.publications_approved",
    "ppo.social_links",
    "reports.social_posts",
    "ppo.chro_subscribers",
    "ppo.subscribers",
    "ppo.subscribers_growth",
    "ppo.membership_level",
    "ppo.members",
    "ppo.employees",
    "ppo.officer_appointed",
    "ppo.officer_share",
    "programme.training_attendance",
    "media_archive.items",
    "contests.places",
    "documents.acknowledged_on_time",
    "reports.monthly_reports_filed",
    "reports.monthly_report_on_time",
]

# Columns of the per-PPO table of the report to the Central Committee.
CC_PPO_METRICS = [
    "ppo.membership_level",
    "ppo.subscribers",
    "ppo.subscribers_growth",
    "ppo.publications_approved",
    "reports.social_posts",
    "ppo.officer_appointed",
]

# "PPOs with no publications": the first of these that is registered decides.
PUBLICATION_METRICS = ["ppo.publications_approved"]


def registered(keys: list[str]) -> list[Metric]:
    return [registry.get(key) for key in keys if key in registry]


# The default rating scheme (DESIGN.md's domain notes): (metric key, weight, rule, params,
# evidence). Criteria whose metric is not registered are left out when the scheme is made. The
# weights add up to 100, so that the published shares are the weights themselves.
DEFAULT_RATING_SCHEME = [
    (
        "ppo.membership_level",
        25,
        "bands",
        {"bands": [[91, 100], [81, 80], [71, 60], [61, 40], [0, 20]]},
        "численность по месяцам",
    ),
    ("ppo.publications_approved", 15, "linear", {"target": 24}, "публикации на сайте портала"),
    ("ppo.months_with_publications", 5, "linear", {"target": 12}, "публикации на сайте портала"),
    ("reports.social_posts", 10, "linear", {"target": 48}, "ссылки в ежемесячных отчётах"),
    ("ppo.subscribers", 10, "linear", {"target": 1000}, "счётчики подписчиков каналов"),
    ("ppo.subscribers_growth", 10, "linear", {"target": 150}, "счётчики подписчиков каналов"),
    ("reports.union_page_months", 5, "linear", {"target": 12}, "ссылка в ежемесячных отчётах"),
    ("reports.monthly_report_on_time", 10, "linear", {"target": 12}, "ежемесячные отчёты"),
    ("contests.places", 5, "linear", {"target": 1}, "призовые места в конкурсах"),
    ("reports.survey_score", 5, "linear", {"target": 100}, "анкета информационных ресурсов"),
]
