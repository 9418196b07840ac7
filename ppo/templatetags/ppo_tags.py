from django import template

from ppo.selectors import public_channels_of

register = template.Library()


@register.simple_tag
def chro_channels():
    """The ЧРО's own public channels, for the footer of every page."""
    return list(public_channels_of(None))
