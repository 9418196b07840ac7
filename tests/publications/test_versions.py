"""Each submission keeps the text as sent; the moderator sees the words changed between the
last two submissions, with every piece of the texts escaped."""

import pytest
from django.urls import reverse

from publications import services
from publications.models import PublicationVersion
from publications.versions import body_text, word_diff
from tests.factories import AppointmentFactory, staff_user

from .factories import publication_in_state

pytestmark = pytest.mark.django_db


def test_word_diff_marks_deleted_and_inserted_words():
    diff = word_diff("Профком провёл собрание коллектива", "Профком провёл большое собрание")
    assert diff == "Профком провёл <ins>большое</ins> собрание <del>коллектива</del>"
    replaced = word_diff("Вышли 40 человек.", "Вышли 45 человек.")
    assert replaced == "Вышли <del>40</del> <ins>45</ins> человек."
    assert word_diff("Без изменений", "Без изменений") == "Без изменений"


def test_word_diff_escapes_html_in_both_texts():
    diff = word_diff(
        'Итоги <script>alert("x")</script> конкурса',
        "Итоги <b>конкурса</b> & «блогер»",
    )
    assert "<script>" not in diff and "<b>" not in diff
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in diff
    assert "<ins>&lt;b&gt;конкурса&lt;/b&gt; &amp; «блогер»</ins>" in diff
    # The only markup is the marks themselves.
    stripped = diff.replace("<ins>", "").replace("</ins>", "")
    stripped = stripped.replace("<del>", "").replace("</del>", "")
    assert "<" not in stripped and ">" not in stripped


def test_body_text_keeps_paragraphs_and_decodes_entities():
    html = "<p>Первый &lt;абзац&gt; &amp; ещё</p><p>Второй<br>строка</p><ul><li>пункт</li></ul>"
    assert body_text(html) == "Первый <абзац> & ещё\n\nВторой\nстрока\n\nпункт"


@pytest.fixture
def resubmitted():
    """Submitted, sent back for changes, edited and submitted again."""
    appointment = AppointmentFactory()
    staff = staff_user()
    publication = publication_in_state(
        "changes_requested",
        organization=appointment.organization,
        author=appointment.user,
        staff=staff,
        title="Субботник в парке",
        lead="Сотрудники больницы привели в порядок парк.",
        body="Вышли 40 человек.\n\nПосадили 12 лип.",
    )
    services.publication_update(
        user=appointment.user,
        publication=publication,
        title="Субботник <b>в парке</b> & сквере",
        body="Вышли 45 человек. План <50 & больше>.\n\nПосадили 12 лип.",
    )
    services.publication_submit(user=appointment.user, publication=publication)
    return publication, staff


def test_each_submission_stores_a_version(resubmitted):
    publication, _staff = resubmitted
    versions = list(PublicationVersion.objects.filter(publication=publication))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].title == "Субботник в парке"
    assert versions[1].title == "Субботник <b>в парке</b> & сквере"
    assert versions[1].submitted_by == publication.author
    # Editing after submission does not touch a stored version.
    assert "40 человек" in versions[0].body


def test_moderator_sees_the_word_difference_of_the_last_two_submissions(client, resubmitted):
    publication, staff = resubmitted
    client.force_login(staff)
    response = client.get(reverse("publications:review", args=[publication.pk]))
    content = response.content.decode()
    section = content.split('id="version-diff"')[1].split("</section>")[0]
    assert "Версия 1" in section and "версия 2" in section
    assert "<ins>&lt;b&gt;в</ins>" in section or "<ins>&lt;b&gt;в парке&lt;/b&gt;" in section
    assert "<del>40</del>" in section and "<ins>45</ins>" in section
    assert "<ins>План &lt;50 &amp; больше&gt;.</ins>" in section
    assert "<b>в парке" not in section
    assert "Посадили 12 лип." in section
    assert "без изменений" in section  # the lead did not change


def test_a_first_submission_has_nothing_to_compare(client):
    appointment = AppointmentFactory()
    staff = staff_user()
    publication = publication_in_state(
        "submitted", organization=appointment.organization, author=appointment.user, staff=staff
    )
    client.force_login(staff)
    content = client.get(reverse("publications:review", args=[publication.pk])).content.decode()
    assert 'id="version-diff-first"' in content and 'id="version-diff"' not in content
