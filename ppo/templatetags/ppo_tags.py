from django import template

from ppo.selectors import chro_public_channels

register = template.Library()


@register.simple_tag
def chro_channels():
    """The ЧРО's own public channels, for the footer of every page."""
    return chro_public_channels()
