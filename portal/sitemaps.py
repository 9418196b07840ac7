"""The sitemap registry: each app lists its public pages in its own ``sitemaps.py``
(``portal.sitemaps.register("news", NewsSitemap)``), discovered by PortalConfig.ready, and
sitemap.xml serves them all. portal imports no app."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

_registry: dict[str, type[Sitemap]] = {}


def register(name: str, sitemap: type[Sitemap]) -> type[Sitemap]:
    if name in _registry and _registry[name] is not sitemap:
        raise ValueError(f"Раздел карты сайта «{name}» уже зарегистрирован")
    _registry[name] = sitemap
    return sitemap


def sitemaps() -> dict[str, type[Sitemap]]:
    return dict(sorted(_registry.items()))


class StaticPagesSitemap(Sitemap):
    """The public section pages."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "portal:home",
            "publications:news",
            "ppo:organization_list",
            "media_archive:album_list",
            "contests:contest_list",
            "documents:library",
        ]

    def location(self, item):
        return reverse(item)


register("pages", StaticPagesSitemap)
