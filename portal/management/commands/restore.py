from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.backup import backup_restore


class Command(BaseCommand):
    help = (
        "Восстановить резервную копию (manage.py backup) в пустую установку: база данных "
        "(pg_restore), открытые и закрытые файлы."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="архив, записанный командой backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="восстановить и в непустую базу (её объекты заменяются объектами из архива)",
        )

    def handle(self, *args, file, force=False, **options):
        try:
            manifest = backup_restore(path=Path(file), force=force)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        counts = manifest["files"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Восстановлена копия от {manifest['created_at']} (версия портала "
                f"{manifest['portal_version']}, база {manifest['database']}, открытых файлов: "
                f"{counts['media']}, закрытых: {counts['private']})."
            )
        )
