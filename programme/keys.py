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
