from django.core.management.base import BaseCommand
from django.db import transaction

from programme.loader import load_programme


class Command(BaseCommand):
    help = "Загружает программу 2023-2025 из programme/document.py (повторный запуск безопасен)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Перезаписать веса и привязки к показателям значениями из документа.",
        )

    def handle(self, *args, overwrite=False, **options):
        with transaction.atomic():
            created = load_programme(overwrite=overwrite)
        self.stdout.write(
            "Программа загружена; добавлено: "
            + ", ".join(f"{name} {count}" for name, count in created.items())
        )
