import logging
from http import HTTPStatus

from allauth.account.views import LoginView
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect
from django.template import Context
from django.urls import reverse
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from . import selectors
from .access import landing_page, public
from .pagecache import PublicPageCacheMixin

logger = logging.getLogger(__name__)


@public
class HomeView(PublicPageCacheMixin, TemplateView):
    template_name = "portal/home.html"
    page_cache_groups = ("news", "ppo")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicators"] = selectors.home_indicators()
        return context


class PortalLoginView(LoginView):
    """allauth's login, except that a locked-out login answers 429 (the form shows why)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(
            error.code == "too_many_login_attempts"
            for errors in form.errors.as_data().values()
            for error in errors
        ):
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        return response


class AfterLoginView(View):
    """Where a person lands after logging in: the place of their role."""

    def get(self, request):
        return redirect(landing_page(request.user))


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as error:  # any failure to reach the broker is its state, not ours
        logger.warning("Broker unreachable: %s", error)
        return "unavailable"


@login_not_required
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as error:  # the health check reports, it never raises
        logger.error("Database unreachable: %s", error)
        database = "unavailable"
    broker = _broker_state()
    healthy = database == "ok" and broker != "unavailable"
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "database": database, "broker": broker},
        status=200 if database == "ok" else 503,
    )


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The 500 page: honest about what happened, with the request id to quote; rendered from
    a plain context (no context processors), so it works when the database does not."""
    from django.template import loader

    from .request_context import request_id

    template = loader.get_template(template_name)
    body = template.template.render(Context({"request_id": request_id()}))
    return HttpResponseServerError(body)


@login_not_required
def sitemap_xml(request):
    """sitemap.xml: the sections every app registered (portal.sitemaps)."""
    from django.contrib.sitemaps.views import sitemap

    from .sitemaps import sitemaps

    return sitemap(request, sitemaps=sitemaps())


# Paths search engines should not crawl: personal, staff and admin pages, and sign-in.
ROBOTS_DISALLOW = [
    "/cabinet/",
    "/staff/",
    "/admin/",
    "/accounts/",
    "/after-login/",
    "/documents/sent/",
    "/documents/inbox/",
]


@login_not_required
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@login_not_required
def web_manifest(request):
    from django.templatetags.static import static

    from .organization import current_organization

    organization = current_organization()
    manifest = {
        "name": organization.site_name or organization.short_name,
        "short_name": organization.abbreviation or organization.short_name,
        "lang": "ru",
        "start_url": reverse("portal:home"),
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#163f7a",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@login_not_required
def favicon_ico(request):
    """Browsers ask for /favicon.ico whatever the page says: answer with the static icon."""
    from django.templatetags.static import static

    return redirect(static("favicon.ico"), permanent=True)


@login_not_required
def public_media(request, path):
    """MEDIA_URL served by Django itself (PORTAL_SERVE_MEDIA: the local run, a small
    installation without a web server): the public media folder only, read at each request
    (so a changed setting is seen), and never a file of the private storage, even if that
    storage were configured inside the media folder."""
    from pathlib import Path

    from django.core.files.storage import storages
    from django.http import Http404
    from django.views.static import serve

    root = Path(settings.MEDIA_ROOT).resolve()
    private = getattr(storages["private"], "location", None)
    if private and (root / path).resolve().is_relative_to(Path(private).resolve()):
        raise Http404
    return serve(request, path, document_root=root)


class NotificationListView(TemplateView):
    """The person's notifications, newest first (50 a page); opening the page reads them."""

    template_name = "portal/notifications.html"

    def get_context_data(self, **kwargs):
        from django.core.paginator import Paginator

        from .notifications import notifications_mark_read, notifications_of

        context = super().get_context_data(**kwargs)
        page = Paginator(notifications_of(self.request.user), 50).get_page(
            self.request.GET.get("page")
        )
        context["page_obj"] = page
        context["notifications"] = list(page.object_list)
        notifications_mark_read(
            user=self.request.user,
            ids=[n.pk for n in context["notifications"] if n.read_at is None],
        )
        return context


class NotificationsReadAllView(View):
    def post(self, request):
        from django.contrib import messages
        from django.utils.translation import gettext as _

        from .notifications import notifications_mark_read

        notifications_mark_read(user=request.user)
        messages.success(request, _("Все уведомления отмечены как прочитанные."))
        return redirect("portal:notifications")


class NotificationPreferencesView(TemplateView):
    """Which kinds of notification also come by e-mail (every kind is on until turned off)."""

    template_name = "portal/notification_preferences.html"

    def get_context_data(self, **kwargs):
        from .notifications import kinds, preferences_of

        context = super().get_context_data(**kwargs)
        chosen = preferences_of(self.request.user)
        context["kinds"] = [
            (kind, label, chosen.get(kind, True)) for kind, label in kinds(self.request.user)
        ]
        return context

    def post(self, request):
        from django.contrib import messages
        from django.utils.translation import gettext as _

        from .notifications import preferences_save

        preferences_save(user=request.user, email_kinds=request.POST.getlist("email"))
        messages.success(request, _("Настройки уведомлений сохранены."))
        return redirect("portal:notification_preferences")
