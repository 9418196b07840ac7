import pytest
from django.urls import reverse

from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def test_public_pages_forbid_inline_scripts(client):
    policy = client.get(reverse("portal:home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_admin_allows_the_inline_code_of_its_libraries(client):
    client.force_login(staff_user())
    policy = client.get(reverse("admin:ppo_primaryorganization_export"))["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy
