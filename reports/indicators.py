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
    "ppo.publications_published",
]

# The ЧРО's totals in the monthly report to the Central Committee.
CC_TOTAL_METRICS = [
    "ppo.publications_approved",
    "ppo.publications_published",
    "reports.social_posts",
    "ppo.chro_subscribers",
    "ppo.subscribers",
    "ppo.subscribers_growth",
    "ppo.membership_level",
    "ppo.members",
    "ppo.employees",
    "ppo.officer_appointed",
    "ppo.officer_share",
    "programme.trainings",
    "programme.training_attendees",
    "contests.entries",
    "documents.documents_sent",
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
PUBLICATION_METRICS = ["ppo.publications_approved", "ppo.publications_published"]


def registered(keys: list[str]) -> list[Metric]:
    return [registry.get(key) for key in keys if key in registry]
