"""The rich-text editor of news and mailings: its own static assets, the CSP nonce only where it
is used, and the sanitisers' last word on what a paste from Word or a website leaves."""

import re

import pytest
from django.test import Client

from documents.services import sanitize_html
from portal.editor import RichTextWidget
from publications.forms import PublicationForm
from publications.services import sanitize_body

# What Word puts on the clipboard (trimmed): conditional comments, an XML island, a style sheet,
# MsoNormal classes, inline styles, spans, <o:p>, <b>/<i>, a heading, a table and an image.
WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml>
<![endif]--><style>p.MsoNormal{margin:0cm;font-family:"Calibri"}</style></head><body lang=RU>
<!--StartFragment--><h1 style="mso-outline-level:1">Итоги конкурса</h1>
<p class=MsoNormal style='text-align:justify'><b><span style='font-size:14.0pt'>Жюри</span></b>
<span style='color:red'>отметило <i>лучшие</i> работы</span><o:p></o:p></p>
<ul style='margin-top:0cm'><li class=MsoListParagraph style='mso-list:l0 level1 lfo1'>
<span lang=RU>фото</span></li></ul>
<p class=MsoNormal><a href="https://rkb.med.cap.ru/news" target="_blank" style='color:blue'
onclick="track()">Подробнее</a> <a href="javascript:alert(1)">ловушка</a></p>
<table class=MsoTableGrid><tr><td>ячейка</td></tr></table><img src="file:///C:/x.png">
<blockquote style="margin-left:2em">Цитата</blockquote><font face="Arial">шрифт</font>
<!--EndFragment--></body></html>"""


def test_a_word_paste_keeps_only_what_the_toolbar_makes():
    clean = sanitize_body(WORD_PASTE)
    tags = set(re.findall(r"<([a-z0-9]+)", clean))
    assert tags <= {"p", "strong", "em", "ul", "li", "a", "blockquote"}, tags
    assert "<p>Итоги конкурса</p>" in clean
    assert "<strong>Жюри</strong>" in clean
    assert "<em>лучшие</em>" in clean
    assert "<blockquote>Цитата</blockquote>" in clean
    assert (
        '<a href="https://rkb.med.cap.ru/news" rel="noopener noreferrer nofollow">Подробнее</a>'
        in clean
    )
    for gone in (
        "mso",
        "Mso",
        "style",
        "class",
        "onclick",
        "target",
        "javascript",
        "xml",
        "OfficeDocumentSettings",
        "Calibri",
        "file:",
        "<img",
        "<table",
        "<span",
    ):
        assert gone not in clean, gone
    # Their words stay: nothing typed is lost with the formatting.
    for word in ("ячейка", "шрифт", "ловушка", "фото"):
        assert word in clean


def test_the_empty_document_of_the_editor_is_no_text():
    assert sanitize_body("<p></p>") == ""
    assert sanitize_body("<p><br></p>") == ""


def test_a_mailing_keeps_the_toolbar_tags_and_drops_the_rest():
    clean = sanitize_html(WORD_PASTE)
    assert "<b>Жюри</b>" in clean and "<blockquote>Цитата</blockquote>" in clean
    assert "style" not in clean and "class" not in clean and "<table" not in clean


def test_the_widget_uses_the_packages_and_the_projects_own_static_files():
    form = PublicationForm()
    rendered = str(form["body"])
    assert "data-django-prose-editor-portal" in rendered
    assert '"Bold":true' in rendered.replace("&quot;", '"')
    media = str(form.media)
    urls = re.findall(r'(?:src|href)="([^"]+)"', media)
    assert urls and all(url.startswith("/static/") for url in urls), urls
    assert "/static/django_prose_editor/editor.js" in media
    assert "/static/js/rich-text.js" in media
    assert isinstance(form.fields["body"].widget, RichTextWidget)
    assert "HTML-тег" not in str(form.fields["body"].help_text)


@pytest.mark.django_db
def test_the_nonce_is_in_the_policy_only_of_pages_with_the_editor(world):
    officer = Client()
    officer.force_login(world.officer_a)
    with_editor = officer.get("/cabinet/publications/new/")
    nonce = re.search(r'<script type="importmap" nonce="([^"]+)"', with_editor.content.decode())
    assert nonce
    policy = with_editor["Content-Security-Policy"]
    assert f"script-src 'self' 'nonce-{nonce[1]}'" in policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["style-src"] == "'self'"
    list_page = officer.get("/cabinet/publications/")
    assert "nonce-" not in list_page["Content-Security-Policy"]
    assert "importmap" not in list_page.content.decode()


@pytest.mark.django_db
def test_staff_write_mailings_and_news_in_the_admin_with_the_editor(world):
    admin = Client()
    admin.force_login(world.staff)
    for url in ("/admin/documents/mailing/add/", "/admin/publications/publication/add/"):
        response = admin.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'type="importmap"' in html and "/static/js/rich-text.js" in html, url
        assert "data-django-prose-editor-portal" in html, url
        # The admin's policy allows its inline scripts; no nonce is minted there (a nonce
        # would switch 'unsafe-inline' off for the admin's own inline handlers).
        assert "nonce-" not in response["Content-Security-Policy"]
