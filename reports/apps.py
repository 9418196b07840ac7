from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Отчёты и рейтинг")

    def ready(self):
        from portal import outputs

        from .selectors import stale_outputs

        outputs.register("reports", stale_outputs)
        from portal.corrections import register_period_closer

        from .selectors import accepted_month_reason

        # An accepted report closes its month's figures to the officer (ppo's services ask).
        register_period_closer(accepted_month_reason)
        from django.db.models.signals import post_delete

        from .models import SurveyFileAnswer

        # A survey, a question or a response deleted (the admin) takes its stored files along.
        post_delete.connect(
            _delete_stored_file, sender=SurveyFileAnswer, dispatch_uid="survey-file-answer-delete"
        )


def _delete_stored_file(sender, instance, **kwargs):
    from django.db import transaction

    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
