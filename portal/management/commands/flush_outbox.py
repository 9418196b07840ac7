from django.core.management.base import BaseCommand

from portal.jobs import outbox_flush
from portal.models import OutboxJob


class Command(BaseCommand):
    help = "Передать брокеру задачи, отложенные, пока он был недоступен."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Только показать число ожидающих задач."
        )

    def handle(self, *args, dry_run=False, **options):
        waiting = OutboxJob.objects.filter(sent_at__isnull=True).count()
        if dry_run:
            self.stdout.write(f"Ожидают отправки: {waiting}")
            return
        sent = outbox_flush()
        self.stdout.write(f"Передано брокеру: {sent} из {waiting}")
