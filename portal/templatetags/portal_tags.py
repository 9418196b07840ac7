from django import template

register = template.Library()


@register.simple_tag
def chro_channels():
    """The ЧРО's own public channels, for the footer of every page."""
    from ppo.selectors import public_channels_of

    return list(public_channels_of(None))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
