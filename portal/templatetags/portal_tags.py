from django import template

from portal.text import plural_ru

register = template.Library()


@register.filter
def ru_plural(number, forms: str) -> str:
    """``{{ hours|ru_plural:"час,часа,часов" }}``: the noun's form for the number."""
    one, few, many = forms.split(",")
    return plural_ru(number, one, few, many)


@register.filter
def search_snippet(raw, source=""):
    """A search headline, escaped, with its matches in <mark> (see portal.search);
    ``|search_snippet:"html"`` for a headline of a sanitised HTML field."""
    from portal.search import snippet_html

    return snippet_html(raw, source_is_html=source == "html")


@register.inclusion_tag("partials/stale_outputs.html")
def stale_outputs_block():
    """The outputs whose data changed after they were made (see portal.outputs)."""
    from portal.outputs import stale_outputs

    return {"items": stale_outputs()}


@register.simple_tag(takes_context=True)
def editor_media(context, *forms):
    """The assets of the forms' rich-text editors (portal.editor), with the request's CSP
    nonce on the import map; nothing for forms without an editor."""
    from portal.editor import media_with_nonce

    media = None
    for form in forms:
        if form is not None and (form.media._js or form.media._css):
            media = form.media if media is None else media + form.media
    if media is None:
        return ""
    request = context.get("request")
    nonce = str(request.csp_nonce) if request is not None and hasattr(request, "csp_nonce") else ""
    return media_with_nonce(media, nonce).render()
