from tests.routes import PUBLIC, Route

ROUTES = [
    Route("portal:home", PUBLIC),
    Route("healthz", PUBLIC),
    # After login each role is sent to its place; the anonymous to the login page.
    Route(
        "portal:after_login",
        {"anonymous": 302, "officer_a": 302, "officer_b": 302, "presidium": 302, "staff": 302},
    ),
]
