from django.contrib.sitemaps import Sitemap

from portal.sitemaps import register

from .models import Album


class AlbumSitemap(Sitemap):
    """Public albums only: internal and staff albums are not for search engines."""

    changefreq = "monthly"

    def items(self):
        return (
            Album.objects.filter(visibility=Album.Visibility.PUBLIC)
            .only("pk", "updated_at")
            .order_by("-pk")
        )

    def lastmod(self, album):
        return album.updated_at


register("albums", AlbumSitemap)
