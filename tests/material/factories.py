"""Factories of the material base."""

import factory

from material.models import Equipment


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    kind = Equipment.Kind.LAPTOP
    make_model = "Lenovo IdeaPad 3"
    serial_number = factory.Sequence(lambda n: f"SN{n:05d}")
    inventory_number = factory.Sequence(lambda n: f"ЧРО-{n:04d}")
    cost = 50000
