from django import template

from ..selectors import API_PLATFORMS, channel_collection

register = template.Library()


@register.inclusion_tag("integrations/partials/channel_collection.html", takes_context=True)
def channel_collection_panel(context, channel):
    """The last automatic collection of a channel and the «Обновить сейчас» button."""
    return {
        "channel": channel,
        "collectable": channel.platform in API_PLATFORMS and channel.retired_on is None,
        "collection": channel_collection(channel),
        "csrf_token": context.get("csrf_token"),
    }
