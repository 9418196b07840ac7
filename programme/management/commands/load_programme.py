from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from programme import document
from programme.loader import load_programme


class Command(BaseCommand):
    help = (
        "Загружает программу из файла документа (JSON, см. programme/data/); без пути — первую "
        "программу портала. Повторный запуск безопасен."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(document.FIRST_PROGRAMME), help="Файл программы"
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Перезаписать веса и привязки к показателям значениями из документа.",
        )

    def handle(self, *args, path, overwrite=False, **options):
        try:
            with transaction.atomic():
                created = load_programme(path=path, overwrite=overwrite)
        except (OSError, ValueError, KeyError, ValidationError) as error:
            raise CommandError(f"Не удалось загрузить программу из {path}: {error}") from error
        self.stdout.write(
            "Программа загружена; добавлено: "
            + ", ".join(f"{name} {count}" for name, count in created.items())
        )
