from django.contrib.sitemaps import Sitemap

from portal.sitemaps import register

from .selectors import organizations_public


class OrganizationSitemap(Sitemap):
    """The page of every active PPO."""

    changefreq = "weekly"

    def items(self):
        return organizations_public().only("pk", "slug")


register("ppo", OrganizationSitemap)
