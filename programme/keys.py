"""Metric keys the programme reads (see portal.metrics). Some belong to apps built in parallel:
a key that is not registered yet is shown as «нет данных», and bound activities fall back to
their execution records."""

OFFICER_SHARE = "ppo.officer_share"
OFFICER_APPOINTED = "ppo.officer_appointed"
PUBLICATIONS_APPROVED = "ppo.publications_approved"
CC_REPORT_SENT = "reports.cc_report_sent"
CHRO_INFO_BUDGET_SHARE = "ppo.chro_info_budget_share"
PPOS_WITH_LAPTOP = "ppo.ppos_with_laptop"
MONTHLY_REPORT_SUBMITTED = "reports.monthly_reports_filed"
MEMBERSHIP_LEVEL = "ppo.membership_level"
SUBSCRIBERS = "ppo.subscribers"
PPOS_AT_5_PERCENT = "ppo.ppos_at_5_percent"
CHRO_SUBSCRIBERS = "ppo.chro_subscribers"
SOCIAL_POSTS = "integrations.social_posts"

# The second side of an indicator, drawn beside the indicator's own metric: the programme's
# indicator 1 counts the subscribers of the ЧРО's networks and of the PPOs' channels, indicator 3
# the publications on the site and the posts in social networks.
INDICATOR_COMPANIONS = {
    SUBSCRIBERS: (CHRO_SUBSCRIBERS,),
    PUBLICATIONS_APPROVED: (SOCIAL_POSTS,),
}

# Short names of the series for a chart's legend and its table (legible on a phone); the full
# label of the metric stays in the table's header tooltip.
SERIES_SHORT_LABELS = {
    SUBSCRIBERS: "Каналы ППО",
    CHRO_SUBSCRIBERS: "Сети ЧРО",
    MEMBERSHIP_LEVEL: "Уровень членства",
    PUBLICATIONS_APPROVED: "На сайте",
    SOCIAL_POSTS: "В соцсетях",
}
