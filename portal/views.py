import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from . import selectors
from .access import landing_page, public

logger = logging.getLogger(__name__)


@public
class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicators"] = selectors.home_indicators()
        return context


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
