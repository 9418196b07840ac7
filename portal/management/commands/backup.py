from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.backup import backup_create


class Command(BaseCommand):
    help = (
        "Резервная копия установки в один архив tar.gz: база данных PostgreSQL (pg_dump), "
        "открытые и закрытые файлы, manifest.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="куда записать архив, например backup-2025-03-01.tar.gz")

    def handle(self, *args, file, **options):
        try:
            result = backup_create(path=Path(file))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        counts = result.manifest["files"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Резервная копия записана: {result.path} (база {result.manifest['database']}, "
                f"открытых файлов: {counts['media']}, закрытых: {counts['private']})."
            )
        )
