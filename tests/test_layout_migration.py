"""Publications and the material base moved out of ppo (ppo 0006, publications 0001,
material 0001): every row survives, and content types, permissions and the role groups move with
the models. The database is taken back to the state before the move, filled through the
historical models, and migrated forward again."""

import datetime as dt

import pytest
from django.core.management import call_command

from portal.roles import PRESIDIUM_GROUP, STAFF_GROUP
from tests.migrating import migrate, migrate_to_latest

BEFORE = [
    ("ppo", "0005_act_scans_private"),
    ("publications", None),
    ("material", None),
]
MOVED = {
    "publications": ["publication", "publicationphoto", "review", "moderationevent"],
    "material": ["equipment", "equipmentissue", "transferact", "actnumbersequence", "budget"],
}


@pytest.mark.django_db(transaction=True)
def test_rows_content_types_and_group_permissions_survive_the_move():
    old = migrate(BEFORE)
    User = old.get_model("portal", "User")
    Organization = old.get_model("ppo", "PrimaryOrganization")
    Publication = old.get_model("ppo", "Publication")
    Equipment = old.get_model("ppo", "Equipment")
    Budget = old.get_model("ppo", "Budget")
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")

    author = User.objects.create(email="old@example.org", full_name="Автор")
    organization = Organization.objects.create(
        full_name="ППО до переезда", short_name="ППО", slug="before-move"
    )
    publication = Publication.objects.create(
        organization=organization, author=author, title="Новость до переезда", status="draft"
    )
    equipment = Equipment.objects.create(
        kind="laptop",
        make_model="Ноутбук до переезда",
        serial_number="SN-1",
        inventory_number="INV-1",
    )
    Budget.objects.create(organization=organization, year=2025, total=1000)
    # Content types and permissions as the old installation had them, given to the groups.
    staff = Group.objects.get_or_create(name=STAFF_GROUP)[0]
    presidium = Group.objects.get_or_create(name=PRESIDIUM_GROUP)[0]
    for app, models in MOVED.items():
        for model in models:
            ContentType.objects.filter(app_label=app, model=model).delete()
            content_type, _ = ContentType.objects.get_or_create(app_label="ppo", model=model)
            for action in ("add", "change", "delete", "view"):
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                staff.permissions.add(permission)
                if action == "view":
                    presidium.permissions.add(permission)
    old_permission_ids = set(
        staff.permissions.filter(content_type__model__in=MOVED["publications"]).values_list(
            "pk", flat=True
        )
    )

    new = migrate_to_latest()
    call_command("migrate", verbosity=0)  # post_migrate: the role groups are synced again

    NewPublication = new.get_model("publications", "Publication")
    NewEquipment = new.get_model("material", "Equipment")
    NewBudget = new.get_model("material", "Budget")
    assert NewPublication.objects.get(pk=publication.pk).title == "Новость до переезда"
    assert NewEquipment.objects.get(pk=equipment.pk).serial_number == "SN-1"
    assert NewBudget.objects.get(organization_id=organization.pk, year=2025).total == 1000
    # New rows still get ids after the table rename (the sequence goes with the table).
    second = NewPublication.objects.create(
        organization_id=organization.pk,
        author_id=author.pk,
        title="Новость после переезда",
        status="draft",
        created_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    assert second.pk > publication.pk

    from django.contrib.auth.models import Group as LiveGroup
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    for app, models in MOVED.items():
        for model in models:
            assert not LiveContentType.objects.filter(app_label="ppo", model=model).exists()
            assert LiveContentType.objects.filter(app_label=app, model=model).count() == 1
    live_staff = LiveGroup.objects.get(name=STAFF_GROUP)
    live_presidium = LiveGroup.objects.get(name=PRESIDIUM_GROUP)
    moved_ids = set(
        live_staff.permissions.filter(
            content_type__app_label="publications", content_type__model__in=MOVED["publications"]
        ).values_list("pk", flat=True)
    )
    assert old_permission_ids <= moved_ids  # the very same permission rows, now of the new app
    for app, models in MOVED.items():
        for model in models:
            assert live_staff.permissions.filter(
                content_type__app_label=app, codename=f"change_{model}"
            ).exists()
            assert live_presidium.permissions.filter(
                content_type__app_label=app, codename=f"view_{model}"
            ).exists()
            assert not live_presidium.permissions.filter(
                content_type__app_label=app, codename=f"change_{model}"
            ).exists()
