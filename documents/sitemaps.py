from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.sitemaps import register

from .selectors import public_documents


class DocumentSitemap(Sitemap):
    """The files of the public library."""

    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return public_documents().only("pk", "created_at")

    def location(self, document):
        return reverse("documents:public_file", kwargs={"pk": document.pk})

    def lastmod(self, document):
        return document.created_at


register("documents", DocumentSitemap)
