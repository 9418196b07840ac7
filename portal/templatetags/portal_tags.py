from django import template
from django.utils.safestring import mark_safe

from portal import pagecache
from portal.text import plural_ru

register = template.Library()


@register.tag
def kept(parser, token):
    """``{% kept "name" value… groups="ppo news" %}…{% endkept %}``: the enclosed part of the
    page rendered once per generation of the page groups (and of the site) and of the values,
    for every visitor (``pagecache.kept_fragment``). For what is the same for everyone who may
    see it (the public body of a page that a logged-in person also opens; a PPO's figures in
    its cabinet, by the PPO) and reads only rows of those groups."""
    bits = token.split_contents()
    if len(bits) < 3 or not bits[-1].startswith("groups="):
        raise template.TemplateSyntaxError(
            f'{bits[0]} needs a name, the values it varies on and groups="…" last'
        )
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    values = [parser.compile_filter(bit) for bit in bits[1:-1]]
    return KeptNode(nodelist, values, parser.compile_filter(bits[-1].removeprefix("groups=")))


class KeptNode(template.Node):
    def __init__(self, nodelist, values, groups):
        self.nodelist, self.values, self.groups = nodelist, values, groups

    def render(self, context):
        name = ":".join(str(value.resolve(context)) for value in self.values)
        groups = str(self.groups.resolve(context)).split()
        return mark_safe(
            pagecache.kept_fragment(name, groups, lambda: self.nodelist.render(context))
        )


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
