from django.contrib.sitemaps import Sitemap

from portal.sitemaps import register

from .selectors import published


class NewsSitemap(Sitemap):
    """Every published news item (what the public feed shows)."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        return published().only("pk", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, item):
        return item.updated_at


register("news", NewsSitemap)
