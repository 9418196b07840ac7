"""A URLconf for the operations tests: a view that logs and one that fails."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from portal.urls import handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

logger = logging.getLogger("portal.tests")


@login_not_required
def logs(request):
    logger.warning("Проверка журнала")
    return HttpResponse("ok")


@login_not_required
def fails(request):
    raise RuntimeError("Сбой для проверки страницы 500")


urlpatterns = [path("test/logs/", logs), path("test/fails/", fails), *portal_urlpatterns]
