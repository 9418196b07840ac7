import re

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from . import views

admin.site.login = secure_admin_login(admin.site.login)
handler500 = views.server_error

portal_patterns = (
    [
        path("", views.HomeView.as_view(), name="home"),
        path("after-login/", views.AfterLoginView.as_view(), name="after_login"),
        path("notifications/", views.NotificationListView.as_view(), name="notifications"),
        path(
            "notifications/read-all/",
            views.NotificationsReadAllView.as_view(),
            name="notifications_read_all",
        ),
        path(
            "notifications/settings/",
            views.NotificationPreferencesView.as_view(),
            name="notification_preferences",
        ),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("site.webmanifest", views.web_manifest, name="web_manifest"),
    path("favicon.ico", views.favicon_ico, name="favicon"),
    path("admin/", admin.site.urls),
    # Before allauth's own: the same page, answering 429 to a locked-out login.
    path("accounts/login/", views.PortalLoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("", include("ppo.urls")),
    path("", include("programme.urls")),
    path("", include("publications.urls")),
    path("", include("material.urls")),
    path("", include("media_archive.urls")),
    path("", include("reports.urls")),
    path("", include("documents.urls")),
    path("", include("contests.urls")),
    path("", include("integrations.urls")),
]

if settings.PORTAL_SERVE_MEDIA:
    # Public media (published news photos, the logo) served by Django itself when no web server
    # or object store does; never the private storage (see views.public_media).
    urlpatterns += [
        re_path(
            r"^%s(?P<path>.*)$" % re.escape(settings.MEDIA_URL.lstrip("/")), views.public_media
        ),
    ]
