"""The material base in the admin: acts numbered on creation, the open-issue rule as a message."""

import datetime as dt

from django.urls import reverse

from material.models import EquipmentIssue, TransferAct
from tests.material.factories import EquipmentFactory


def test_act_added_in_admin_takes_next_number(client, world):
    client.force_login(world.staff)
    data = {
        "date": "05.03.2025",
        "organization": world.org_a.pk,
        "recipient": world.officer_a.pk,
        "issued_by": world.staff.pk,
        "issues-TOTAL_FORMS": 0,
        "issues-INITIAL_FORMS": 0,
    }
    for _ in range(2):
        response = client.post(reverse("admin:material_transferact_add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(TransferAct.objects.order_by("number").values_list("year", "number")) == [
        (2025, 1),
        (2025, 2),
    ]


def test_admin_refuses_second_open_issue_with_russian_message(client, world):
    laptop = EquipmentFactory()
    EquipmentIssue.objects.create(
        equipment=laptop,
        organization=world.org_a,
        holder=world.officer_a,
        issued_on=dt.date(2025, 1, 1),
    )
    client.force_login(world.staff)
    response = client.post(
        reverse("admin:material_equipmentissue_add"),
        {
            "equipment": laptop.pk,
            "organization": world.org_b.pk,
            "holder": world.officer_b.pk,
            "issued_on": "01.02.2025",
        },
    )
    assert response.status_code == 200
    assert "уже выдано" in response.content.decode()
    assert EquipmentIssue.objects.count() == 1
