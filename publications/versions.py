"""What changed between two submitted versions of a publication, word by word, as safe HTML:
every piece of the texts is escaped, and only the <ins>/<del> marks are markup."""

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .models import PublicationVersion

# A word with the spaces that follow it: the diff compares words, the output keeps the spacing
# and the paragraph breaks of the text.
TOKEN = re.compile(r"\S+\s*|\s+")


def body_text(body_html: str) -> str:
    """A stored (sanitised) body as plain text: paragraphs, list items and line breaks become
    new lines, tags go, entities are decoded (they are escaped again by the diff)."""
    text = re.sub(r"<br\s*/?>", "\n", body_html or "")
    text = re.sub(r"</(p|li|ul|ol)>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def _word(token: str) -> str:
    return token.strip()


def word_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` with deleted words in <del> and inserted words in <ins>."""
    a, b = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(None, [_word(t) for t in a], [_word(t) for t in b], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            # The same words; a space the new text lacks (it ended there) is kept from the old
            # one, so a deleted word that followed does not stick to its neighbour.
            out.append(
                escape(
                    "".join(
                        tb if tb != tb.rstrip() else ta
                        for ta, tb in zip(a[i1:i2], b[j1:j2], strict=True)
                    )
                )
            )
            continue
        if op in ("delete", "replace"):
            out.append(_marked("del", a[i1:i2]))
        if op in ("insert", "replace"):
            out.append(_marked("ins", b[j1:j2]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def _marked(tag: str, tokens: list[str]) -> str:
    text = "".join(tokens)
    trailing = text[len(text.rstrip()) :]
    return f"<{tag}>{escape(text.rstrip())}</{tag}>{escape(trailing)}"


@dataclass(frozen=True)
class FieldDiff:
    label: str  # a lazy translation
    html: SafeString
    changed: bool


@dataclass(frozen=True)
class VersionDiff:
    previous: PublicationVersion
    current: PublicationVersion
    fields: list[FieldDiff]

    @property
    def changed(self) -> bool:
        return any(field.changed for field in self.fields)


def versions_diff(previous: PublicationVersion, current: PublicationVersion) -> VersionDiff:
    pairs = [
        (_("Заголовок"), previous.title, current.title),
        (_("Анонс"), previous.lead, current.lead),
        (_("Текст"), body_text(previous.body), body_text(current.body)),
    ]
    return VersionDiff(
        previous=previous,
        current=current,
        fields=[
            FieldDiff(label=label, html=word_diff(old, new), changed=old != new)
            for label, old, new in pairs
        ],
    )
