"""Demo data of the material base: laptops and other equipment issued with acts, a returned item,
a written-off camera with its act of write-off, a former officer's laptop waiting for handover,
and budgets with the 5% rule (all «(демо)»)."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.models import User
from ppo.models import OfficerAppointment, PrimaryOrganization

from . import services
from .models import Budget, Equipment


def demo_write_off_act() -> bytes:
    """A one-page PDF saying it is a demo act of write-off (ASCII text, opens in any viewer)."""
    stream = b"BT /F1 16 Tf 72 760 Td (DEMO: act of write-off, camera CNDEMO0002) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def load(*, users: dict[str, User]) -> None:
    staff = users["info"]
    organizations = {o.slug: o for o in PrimaryOrganization.objects.all()}
    items = []
    for n in range(1, 9):
        items.append(
            Equipment.objects.create(
                kind=Equipment.Kind.LAPTOP,
                make_model="Lenovo IdeaPad 3 15ITL6 (демо)",
                serial_number=f"PF3DEMO{n:03d}",
                inventory_number=f"ЧРО-НБ-{n:03d}",
                purchase_date=dt.date(2023, 11, 20),
                cost=Decimal("52990.00"),
                notes="Закуплено по программе информационной работы (демо)",
            )
        )
    camera = Equipment.objects.create(
        kind=Equipment.Kind.CAMERA,
        make_model="Canon EOS 250D Kit (демо)",
        serial_number="CNDEMO0001",
        inventory_number="ЧРО-ФК-001",
        purchase_date=dt.date(2024, 2, 5),
        cost=Decimal("68490.00"),
    )
    microphone = Equipment.objects.create(
        kind=Equipment.Kind.MICROPHONE,
        make_model="Rode Wireless GO II (демо)",
        serial_number="RDDEMO0001",
        inventory_number="ЧРО-МК-001",
        purchase_date=dt.date(2024, 2, 5),
        cost=Decimal("24900.00"),
    )
    Equipment.objects.create(
        kind=Equipment.Kind.VIDEO_CONFERENCE,
        make_model="Logitech Rally Bar (демо)",
        serial_number="LGDEMO0001",
        inventory_number="ЧРО-ВКС-001",
        purchase_date=dt.date(2024, 3, 1),
        cost=Decimal("389000.00"),
        notes="Кабинет ВКС в ЧРО (демо)",
    )
    # Audio and video equipment bought in the later years of the programme (line I.1.3).
    for kind, make_model, serial, inventory, bought, cost in [
        (
            Equipment.Kind.PROJECTOR,
            "Epson EB-W06 (демо)",
            "EPDEMO0001",
            "ЧРО-ПР-001",
            dt.date(2025, 3, 12),
            "45990.00",
        ),
        (
            Equipment.Kind.CAMERA,
            "DJI Osmo Pocket 3 (демо)",
            "DJDEMO0001",
            "ЧРО-ФК-002",
            dt.date(2025, 9, 4),
            "54990.00",
        ),
        (
            Equipment.Kind.MICROPHONE,
            "Boya BY-M1 (демо)",
            "BYDEMO0001",
            "ЧРО-МК-002",
            dt.date(2026, 4, 7),
            "1990.00",
        ),
    ]:
        Equipment.objects.create(
            kind=kind,
            make_model=make_model,
            serial_number=serial,
            inventory_number=inventory,
            purchase_date=bought,
            cost=Decimal(cost),
        )

    issue_date = dt.date(2024, 2, 15)
    slugs = ["rkb", "gkb1", "nvch-gb", "kanash-mmc", "rkd", "ppc"]
    for slug, laptop in zip(slugs, items, strict=False):
        act = services.equipment_issue(
            user=staff, organization=organizations[slug], items=[laptop], on=issue_date
        )
        if slug != "gkb1":  # the ГКБ № 1 officer still has to confirm receipt
            services.act_confirm(user=staff, act=act)
    services.equipment_issue(
        user=staff, organization=organizations["rkb"], items=[camera, microphone], on=issue_date
    )
    # A microphone that came back to the ЧРО's store.
    services.equipment_return(
        user=staff,
        equipment=microphone,
        on=dt.date(2024, 9, 2),
        note="Возвращён для ремонта (демо)",
    )
    # A laptop moved from one PPO to another.
    services.equipment_transfer(
        user=staff,
        equipment=items[5],
        organization=organizations["gdkb"],
        on=dt.date(2024, 10, 1),
        note="Передан по решению президиума (демо)",
    )
    # A camera broken at the РКБ and written off with its act (a private file, served by the
    # item's checked view to staff, the Presidium and the РКБ's officer).
    broken = Equipment.objects.create(
        kind=Equipment.Kind.CAMERA,
        make_model="Nikon Coolpix B500 (демо)",
        serial_number="CNDEMO0002",
        inventory_number="ЧРО-ФК-000",
        purchase_date=dt.date(2019, 4, 10),
        cost=Decimal("17990.00"),
        condition=Equipment.Condition.BROKEN,
    )
    services.equipment_issue(
        user=staff, organization=organizations["rkb"], items=[broken], on=dt.date(2019, 5, 6)
    )
    services.equipment_write_off(
        user=staff,
        equipment=broken,
        on=dt.date(2024, 12, 20),
        reason="Не подлежит ремонту, акт технического состояния № 14 (демо)",
        document=ContentFile(demo_write_off_act(), name="akt-spisaniya-demo.pdf"),
    )
    # A laptop left with a former officer: the ЧМК's officer changes, handover is flagged.
    chmk = organizations["chmk"]
    chmk_act = services.equipment_issue(
        user=staff, organization=chmk, items=[items[6]], on=dt.date(2024, 3, 1)
    )
    services.act_confirm(user=staff, act=chmk_act)
    appointment = OfficerAppointment.objects.get(organization=chmk, ends_on__isnull=True)
    appointment.ends_on = dt.date(2025, 8, 31)
    appointment.save(update_fields=["ends_on"])
    successor = User.objects.create_user(
        email="chmk2@demo.example", password="demo12345", full_name="Петрова Анна Сергеевна (демо)"
    )
    OfficerAppointment.objects.create(
        user=successor,
        organization=chmk,
        starts_on=dt.date(2025, 9, 1),
        basis="Протокол заседания профкома № 7 от 28.08.2025 (демо)",
    )

    # Budgets: the ЧРО's and several PPOs', some below the 5% minimum.
    figures = {
        None: ("4200000", "120000", "60000", "45000", "30000", "25000", "15000"),
        "rkb": ("850000", "30000", "8000", "6500", "0", "4000", "0"),
        "gkb1": ("610000", "0", "7000", "5500", "3000", "0", "1500"),
        "nvch-gb": ("420000", "15000", "2500", "3000", "1000", "0", "0"),
        "kanash-mmc": ("330000", "0", "4000", "3000", "0", "2000", "0"),
        "rkd": ("240000", "0", "1500", "2200", "0", "0", "0"),
    }
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        for slug, (total, *amounts) in figures.items():
            scale = Decimal("1") if year < this_year else Decimal("1.08")
            spent = [Decimal(a) * scale for a in amounts]
            Budget.objects.create(
                organization=organizations[slug] if slug else None,
                year=year,
                total=Decimal(total),
                planned_equipment=spent[0],
                planned_printing=spent[1],
                planned_subscriptions=spent[2],
                planned_training=spent[3],
                planned_contests=spent[4],
                planned_promotion=spent[5],
                actual_equipment=spent[0],
                actual_printing=spent[1] * Decimal("0.9"),
                actual_subscriptions=spent[2],
                actual_training=spent[3],
                actual_contests=spent[4],
                actual_promotion=spent[5],
            )
