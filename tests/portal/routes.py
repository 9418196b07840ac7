from tests.factories import ROLES
from tests.routes import LOGGED_IN, PUBLIC, Route

ROUTES = [
    Route("portal:home", PUBLIC),
    Route("healthz", PUBLIC),
    Route("sitemap", PUBLIC),
    Route("robots", PUBLIC),
    Route("web_manifest", PUBLIC),
    Route("favicon", {role: 301 for role in ROLES}),
    # After login each role is sent to its place; the anonymous to the login page.
    Route(
        "portal:after_login",
        {"anonymous": 302, "officer_a": 302, "officer_b": 302, "presidium": 302, "staff": 302},
    ),
    Route("portal:notifications", LOGGED_IN),
    Route("portal:notification_preferences", LOGGED_IN),
    Route(
        "portal:notifications_read_all",
        {"anonymous": 302, "officer_a": 302, "officer_b": 302, "presidium": 302, "staff": 302},
        method="post",
    ),
]
