"""The rich-text editor of news and mailings (django-prose-editor, its assets served from static).

The toolbar is small on purpose: paragraphs, bold, italic, bullet and numbered lists, links and
quotes. What the browser sends is only a proposal: each app's sanitiser (nh3) has the last word,
so the widget never decides what is stored. Pasting from Word or a website goes through the
editor's schema in the browser (anything it has no button for is dropped) and then through the
sanitiser on the server.

The editor is an ES module that finds its parts through an import map, an inline script: under
the site's CSP (``script-src 'self'``) it carries the request's nonce (``{% editor_media form %}``
in portal_tags), so the pages that have no editor keep a policy without one.
"""

from django import forms
from django_prose_editor.widgets import (
    ProseEditorWidget,
    prose_editor_admin_media,
    prose_editor_base_media,
    prose_editor_js,
)
from js_asset import Script
from js_asset.media import Media

# The editor's extensions (its schema, so also what a paste keeps) and toolbar.
EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    # Links open in the same window: no «open in new window» box, no target attribute.
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}
CONFIG = {"extensions": EXTENSIONS}
# The package's editor module, then ours (static/js/rich-text.js) that starts it without the
# inline <style> Tiptap would inject; the Russian words of its dialogs come first.
PRESET = "portal"
SCRIPTS = [
    Script("js/rich-text-i18n.js"),
    prose_editor_js,
    Script("js/rich-text.js", type="module"),
]


class RichTextWidget(ProseEditorWidget):
    """The editor over a textarea (the textarea is what is posted, and what shows without JS)."""

    base_media = prose_editor_base_media

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 10, **(attrs or {})}, config=CONFIG, preset=PRESET)

    @property
    def media(self):
        return self.base_media + Media(js=SCRIPTS)


class AdminRichTextWidget(RichTextWidget):
    """The same editor in the admin (whose CSP allows the inline import map)."""

    base_media = prose_editor_admin_media

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 14, **(attrs or {})})


def media_with_nonce(media, nonce) -> Media:
    """The form's media (CSS, the import map and the modules) carrying the CSP nonce."""
    return Media.from_media(media if isinstance(media, forms.Media) else forms.Media(), nonce=nonce)
