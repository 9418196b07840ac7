"""The demo officer's cabinet shows what the portal is for: due items from several apps and
notifications, some of them unread."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.due import due_items
from portal.models import Notification, User
from ppo.selectors import officer_organization


@pytest.mark.django_db
def test_demo_officer_has_due_items_of_several_kinds_and_notifications(client):
    call_command("load_demo", verbosity=0)
    officer = User.objects.get(email="rkb@demo.example")
    items = due_items(officer_organization(officer))
    kinds = {item.kind for item in items}
    assert len(kinds) >= 3, kinds
    notifications = Notification.objects.filter(recipient=officer)
    assert notifications.filter(read_at__isnull=True).exists()
    assert notifications.filter(read_at__isnull=False).exists()
    officer.refresh_from_db()
    assert officer.unread_notifications == notifications.filter(read_at__isnull=True).count()
    client.force_login(officer)
    page = client.get(reverse("ppo:cabinet")).content.decode()
    assert items[0].title in page
    # The brandbook is not read yet: the first steps show it, the others ticked.
    assert "info@demo.example" in page  # the specialist's contact
    assert 'id="first-steps"' in page and 'first-step-done" data-step="ppo:channels"' in page
