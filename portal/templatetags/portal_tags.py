from django import template

from portal.text import plural_ru

register = template.Library()


@register.filter
def ru_plural(number, forms: str) -> str:
    """``{{ hours|ru_plural:"час,часа,часов" }}``: the noun's form for the number."""
    one, few, many = forms.split(",")
    return plural_ru(number, one, few, many)
