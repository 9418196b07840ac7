"""The role matrix: every route of the project, every role."""

import importlib
import pkgutil

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.factories import ROLES
from tests.routes import Route

# Routes owned by libraries, tested separately below (admin) or public by nature (allauth).
EXTERNAL_NAMESPACES = {"admin"}
EXTERNAL_PREFIXES = ("account_", "socialaccount_", "openid_")
EXTERNAL_ROUTES = {None}


def declared_routes() -> dict[str, Route]:
    routes = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                table = importlib.import_module(f"tests.{module.name}.routes")
            except ModuleNotFoundError:
                continue
            for route in table.ROUTES:
                assert route.name not in routes, f"{route.name} is declared twice"
                routes[route.name] = route
    return routes


def project_route_names(resolver=None, namespace=None) -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if inner in EXTERNAL_NAMESPACES:
                continue
            names |= project_route_names(
                pattern, ":".join(filter(None, [namespace, pattern.namespace])) or None
            )
        elif isinstance(pattern, URLPattern):
            if pattern.name is None:
                if "media" in str(pattern.pattern):
                    continue
                raise AssertionError(f"Unnamed route {pattern.pattern}: name it and declare it")
            if pattern.name.startswith(EXTERNAL_PREFIXES):
                continue
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_route_is_declared():
    declared = declared_routes()
    undeclared = project_route_names() - set(declared)
    assert not undeclared, f"Routes without an access rule in tests/<app>/routes.py: {undeclared}"
    stale = set(declared) - project_route_names()
    assert not stale, f"Declared routes that do not exist: {stale}"


ALL_ROUTES = sorted(declared_routes().values(), key=lambda r: r.name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ALL_ROUTES, ids=lambda r: r.name)
def test_route_access(client, world, route, role):
    user = world.user(role)
    if role != "anonymous":
        client.force_login(user)
    url = reverse(route.name, kwargs=route.kwargs(world)) + route.query
    response = getattr(client, route.method)(url)
    assert response.status_code == route.expect[role], (
        f"{route.name} as {role}: {response.status_code}, expected {route.expect[role]}"
    )
    if role == "anonymous" and response.status_code == 302 and route.name != "portal:after_login":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(client, world, role):
    """Every model page of the admin: staff see it, officers are refused, the anonymous log in."""
    if role != "anonymous":
        client.force_login(world.user(role))
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:%s_%s_changelist" % info))
        if world.staff.has_perm("%s.add_%s" % info):
            urls.append(reverse("admin:%s_%s_add" % info))
    for url in urls:
        # Django's admin sends the non-staff to its login, which goes through allauth.
        response = client.get(url, follow=True)
        if role == "staff":
            assert response.status_code == 200, url
            assert not response.redirect_chain, url
        elif role == "anonymous":
            assert response.status_code == 200, url
            assert response.redirect_chain[-1][0].startswith(reverse("account_login")), url
        else:
            assert response.status_code == 403, url


def test_public_sign_up_is_closed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": "Long-pass-123", "password2": "Long-pass-123"},
    )
    from portal.models import User

    assert not User.objects.filter(email="x@example.org").exists()
    assert response.status_code == 200
