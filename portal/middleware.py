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
