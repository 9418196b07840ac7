from django import template

register = template.Library()

STATUS_CLASSES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-primary",
    "changes_requested": "text-bg-warning",
    "approved": "text-bg-info",
    "published": "text-bg-success",
    "rejected": "text-bg-danger",
}


@register.simple_tag
def latest_news(organization, limit=5):
    """The latest published news of a PPO (for its public page)."""
    from publications.selectors import latest_news_of

    return list(latest_news_of(organization, limit))


@register.simple_tag
def newest_news(limit=4):
    """The newest published news of the ЧРО and all PPOs (for the home page)."""
    from publications.selectors import latest_news

    return list(latest_news(limit))


@register.filter
def status_class(status):
    return STATUS_CLASSES.get(status, "text-bg-light")
