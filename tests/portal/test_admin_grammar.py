"""Every admin page's title agrees in case with the model's name (checked against a list)."""

import io
import re
from html import unescape

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# model: its name in the accusative, as in «Добавить …», «Изменить …», «Выберите … для изменения».
ACCUSATIVE = {
    "auth.group": "группу",
    "taggit.tag": "тег",
    "portal.user": "пользователя",
    "portal.organization": "организацию",
    "portal.outboxjob": "отложенную задачу",
    "portal.notification": "уведомление",
    "ppo.primaryorganization": "первичную профсоюзную организацию",
    "ppo.officerappointment": "назначение ответственного",
    "ppo.channel": "канал",
    "ppo.subscribercount": "число подписчиков",
    "ppo.membershipsnapshot": "численность за месяц",
    "material.equipment": "оборудование",
    "material.equipmentissue": "выдачу оборудования",
    "material.transferact": "акт приема-передачи",
    "material.budget": "смету на информационную работу",
    "publications.publication": "публикацию",
    "publications.outsidemediapublication": "публикацию во внешних СМИ",
    "publications.printedissue": "печатный выпуск",
    "programme.commissionmeeting": "заседание комиссии по информационной работе",
    "programme.programme": "программу",
    "programme.section": "раздел программы",
    "programme.measure": "мероприятие",
    "programme.activity": "строку мероприятия",
    "programme.executionrecord": "отметку об исполнении",
    "programme.indicator": "целевой индикатор",
    "programme.training": "обучение ответственных",
    "reports.ppomonthlyreport": "ежемесячный отчёт ППО",
    "reports.centralcommitteereport": "отчёт в ЦК",
    "reports.ratingcriterion": "критерий рейтинга",
    "reports.rating": "расчёт рейтинга",
    "reports.ratingresult": "результат рейтинга",
    "reports.frozenoutputevent": "событие отчёта",
    "reports.survey": "анкету",
    "reports.surveyresponse": "ответы ППО на анкету",
    "media_archive.album": "альбом",
    "media_archive.mediaitem": "фото или видео",
    "documents.document": "документ для ППО",
    "documents.submission": "документ от ППО",
    "documents.mailing": "рассылку",
    "documents.mailingdelivery": "получателя рассылки",
    "documents.digestsubscriber": "подписчика дайджеста",
    "contests.contest": "конкурс",
    "contests.entry": "конкурсную работу",
    "contests.juror": "члена жюри",
    "documents.newsdigest": "дайджест новостей",
}


def title(response):
    return unescape(re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)[1]).strip()


def test_every_registered_model_is_on_the_list():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ACCUSATIVE), (
        "добавьте форму винительного падежа (verbose_name_accusative) и строку в ACCUSATIVE: "
        f"{sorted(registered ^ set(ACCUSATIVE))}"
    )


def test_changelist_add_and_change_titles_agree(client):
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    missing_rows, wrong = [], []
    for model, model_admin in admin.site._registry.items():
        label, acc = model._meta.label_lower, ACCUSATIVE[model._meta.label_lower]
        info = model._meta.app_label, model._meta.model_name
        changelist = client.get(reverse("admin:%s_%s_changelist" % info))
        expected = {f"Выберите {acc} для изменения", f"Выберите {acc} для просмотра"}
        if title(changelist) not in expected:
            wrong.append((label, title(changelist)))
        if model_admin.has_add_permission(changelist.wsgi_request):
            if f"Добавить {acc}".casefold() not in changelist.content.decode().casefold():
                wrong.append((label, "нет кнопки «Добавить …»"))
            add = client.get(reverse("admin:%s_%s_add" % info))
            if add.status_code == 200 and title(add) != f"Добавить {acc}":
                wrong.append((label, title(add)))
        obj = model._default_manager.first()
        if obj is None:
            missing_rows.append(label)
            continue
        change = client.get(reverse("admin:%s_%s_change" % info, args=[obj.pk]))
        assert change.status_code == 200, label
        if title(change) not in {f"Изменить {acc}", f"Просмотреть {acc}"}:
            wrong.append((label, title(change)))
    assert not wrong
    assert len(missing_rows) < 6, missing_rows  # the demo fills nearly every model
