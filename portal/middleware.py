from csp.middleware import CSPMiddleware
from django.urls import reverse


class PortalCSPMiddleware(CSPMiddleware):
    """The site's strict CSP, relaxed for inline styles and handlers inside the admin only.

    django-import-export's admin pages carry inline handlers and styles; the admin is used by
    logged-in staff only, so allowing them there does not widen what the public site runs."""

    def get_policy_parts(self, request, response, report_only=False):
        if not report_only and request.path.startswith(reverse("admin:index")):
            update = dict(getattr(response, "_csp_update", None) or {})
            update.setdefault("script-src", []).append("'unsafe-inline'")
            update.setdefault("style-src", []).append("'unsafe-inline'")
            response._csp_update = update
        return super().get_policy_parts(request, response, report_only)


class RequestContextMiddleware:
    """Gives each request an id (log lines, the 500 page, the response header) and a fresh
    per-request cache (``portal.request_context``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .request_context import (
            REQUEST_ID_HEADER,
            choose_request_id,
            close_request_cache,
            open_request_cache,
            reset_request_id,
            set_request_id,
        )

        request.request_id = choose_request_id(request.headers.get(REQUEST_ID_HEADER))
        id_token = set_request_id(request.request_id)
        cache_token = open_request_cache()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            return response
        finally:
            close_request_cache(cache_token)
            reset_request_id(id_token)
