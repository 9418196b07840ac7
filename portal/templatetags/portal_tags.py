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


@register.filter
def ru_plural(number, forms: str) -> str:
    """``{{ hours|ru_plural:"час,часа,часов" }}``: the noun's form for the number."""
    from portal.text import plural_ru

    one, few, many = forms.split(",")
    return plural_ru(number, one, few, many)
