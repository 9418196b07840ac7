from django.contrib.sitemaps import Sitemap

from portal.sitemaps import register

from .selectors import contests_public


class ContestSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return contests_public().only("pk", "slug")


register("contests", ContestSitemap)
