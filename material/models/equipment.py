"""The material base: equipment of the ЧРО issued to PPOs, with acts of transfer.

Who holds an item is never stored on the item: it is the open ``EquipmentIssue`` (one per item
at most, a database constraint). Returning, transferring, handing over or writing off an item
closes that issue with a reason; the closed issues are the item's history."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage
from portal.uploads import UploadValidator
from ppo.models import PrimaryOrganization


def _private_name(folder: str, filename: str) -> str:
    """An unguessable file name: scans of signed acts carry names and signatures, and the media
    folder may be served as is; they are downloaded only through views that check access."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"{folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


def upload_write_off(instance, filename):
    return _private_name("equipment/write-offs", filename)


def upload_act_scan(instance, filename):
    return _private_name("equipment/acts", filename)


def upload_movement(instance, filename):
    return _private_name("equipment/movements", filename)


class Equipment(models.Model):
    """An item of the ЧРО's equipment register (laptop, camera, video-conference set, ...)."""

    class Kind(models.TextChoices):
        LAPTOP = "laptop", _("Ноутбук")
        CAMERA = "camera", _("Фото- или видеокамера")
        MICROPHONE = "microphone", _("Микрофон")
        VIDEO_CONFERENCE = "vks", _("Комплект ВКС")
        PROJECTOR = "projector", _("Проектор")
        OTHER = "other", _("Другое")

    class FundingSource(models.TextChoices):
        CHRO = "chro", _("Средства организации")
        PPO = "ppo", _("Средства ППО")
        GRANT = "grant", _("Грант")
        SPONSOR = "sponsor", _("Спонсорская помощь")
        OTHER = "other", _("Другое")

    class Condition(models.TextChoices):
        NEW = "new", _("Новое")
        GOOD = "good", _("Исправно")
        NEEDS_REPAIR = "repair", _("Требует ремонта")
        BROKEN = "broken", _("Неисправно")

    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    make_model = models.CharField(_("марка и модель"), max_length=200)
    serial_number = models.CharField(_("серийный номер"), max_length=100, unique=True)
    inventory_number = models.CharField(_("инвентарный номер"), max_length=100, unique=True)
    purchase_date = models.DateField(_("дата приобретения"), null=True, blank=True)
    cost = models.DecimalField(
        _("стоимость, руб."), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(
        _("источник средств"),
        max_length=16,
        choices=FundingSource.choices,
        default=FundingSource.CHRO,
    )
    condition = models.CharField(
        _("состояние"), max_length=16, choices=Condition.choices, default=Condition.NEW
    )
    notes = models.TextField(_("примечание"), blank=True)
    written_off_on = models.DateField(_("списано"), null=True, blank=True)
    write_off_reason = models.CharField(_("причина списания"), max_length=300, blank=True)
    # Signed acts of write-off: private storage, downloaded through the item's checked view.
    write_off_document = models.FileField(
        _("акт списания"),
        upload_to=upload_write_off,
        storage=private_storage,
        blank=True,
        validators=[UploadValidator("act_scan")],
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("оборудование")
        verbose_name_plural = _("оборудование")
        ordering = ["kind", "inventory_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="ppo_equipment_cost_not_negative",
                violation_error_message=_("Стоимость не может быть отрицательной."),
            ),
            models.CheckConstraint(
                condition=Q(written_off_on__isnull=True) | ~Q(write_off_reason=""),
                name="ppo_equipment_write_off_has_reason",
                violation_error_message=_("Укажите причину списания."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.make_model}, инв. № {self.inventory_number}"

    @property
    def is_written_off(self) -> bool:
        return self.written_off_on is not None


class TransferAct(models.Model):
    """An act of transfer (акт приема-передачи) of items from the ЧРО to a PPO's officer.

    Numbered sequentially within a year; printed, signed by both parties, the scan uploaded back;
    the officer confirms receipt in the cabinet."""

    year = models.PositiveSmallIntegerField(_("год"))
    number = models.PositiveIntegerField(_("номер"))
    date = models.DateField(_("дата акта"))
    organization = models.ForeignKey(
        PrimaryOrganization,
        on_delete=models.PROTECT,
        related_name="transfer_acts",
        verbose_name=_("ППО"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="received_acts",
        verbose_name=_("принял"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="issued_acts",
        verbose_name=_("передал"),
    )
    # Signatures and passport details: private storage, downloaded through the act's checked view.
    signed_scan = models.FileField(
        _("скан подписанного акта"),
        upload_to=upload_act_scan,
        storage=private_storage,
        blank=True,
        validators=[UploadValidator("act_scan")],
    )
    confirmed_at = models.DateTimeField(_("получение подтверждено"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("акт приема-передачи")
        verbose_name_plural = _("акты приема-передачи")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="ppo_transfer_act_number_per_year",
                violation_error_message=_("Акт с таким номером в этом году уже есть."),
            ),
        ]

    def __str__(self):
        return f"Акт № {self.label} от {self.date:%d.%m.%Y}"

    @property
    def label(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ActNumberSequence(models.Model):
    """The last act number used in a year; its row is locked while a new number is taken."""

    year = models.PositiveSmallIntegerField(_("год"), unique=True)
    last_number = models.PositiveIntegerField(_("последний номер"), default=0)

    class Meta:
        verbose_name = _("нумерация актов")
        verbose_name_plural = _("нумерация актов")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class EquipmentIssue(models.Model):
    """An item held by a PPO (and the officer who received it) from one date to another.

    The open issue (``ended_on`` empty) is the current holder; the database allows one per item."""

    class EndReason(models.TextChoices):
        RETURNED = "returned", _("Возвращено организации")
        TRANSFERRED = "transferred", _("Передано в другую ППО")
        HANDED_OVER = "handover", _("Передано новому ответственному")
        WRITTEN_OFF = "written_off", _("Списано")

    equipment = models.ForeignKey(
        Equipment, on_delete=models.PROTECT, related_name="issues", verbose_name=_("оборудование")
    )
    organization = models.ForeignKey(
        PrimaryOrganization,
        on_delete=models.PROTECT,
        related_name="equipment_issues",
        verbose_name=_("ППО"),
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="equipment_issues",
        verbose_name=_("ответственный"),
    )
    act = models.ForeignKey(
        TransferAct,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
        verbose_name=_("акт"),
    )
    issued_on = models.DateField(_("выдано"))
    ended_on = models.DateField(_("выбыло"), null=True, blank=True)
    end_reason = models.CharField(
        _("причина выбытия"), max_length=16, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("основание"), max_length=300, blank=True)
    # The basis of a return, transfer or write-off: private, served by the issue's checked view.
    end_document = models.FileField(
        _("документ"),
        upload_to=upload_movement,
        storage=private_storage,
        blank=True,
        validators=[UploadValidator("act_scan")],
    )

    class Meta:
        verbose_name = _("выдача оборудования")
        verbose_name_plural = _("выдачи оборудования")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["equipment"],
                condition=Q(ended_on__isnull=True),
                name="ppo_equipment_one_open_issue",
                violation_error_message=_(
                    "Это оборудование уже выдано: сначала оформите его возврат или передачу."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("issued_on")),
                name="ppo_equipment_issue_ends_after_start",
                violation_error_message=_("Дата выбытия не может быть раньше даты выдачи."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="ppo_equipment_issue_end_has_reason",
                violation_error_message=_("У выбытия должны быть и дата, и причина."),
            ),
        ]

    def __str__(self):
        return f"{self.equipment} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None
