import datetime as dt
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from contests.models import Contest, Criterion, Entry, EntryPhoto, Juror, Nomination, Score
from tests.factories import OrganizationFactory, UserFactory


def jpeg_file(name="фото.jpg", color=(200, 30, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _today():
    return timezone.localdate()


class ContestFactory(factory.django.DjangoModelFactory):
    """A photo contest open for entries and for judging today."""

    class Meta:
        model = Contest

    title = factory.Sequence(lambda n: f"Фотоконкурс «Профсоюз в лицах» {n}")
    slug = factory.Sequence(lambda n: f"photo-{n}")
    kind = Contest.Kind.PHOTO
    submission_starts = factory.LazyFunction(lambda: _today() - dt.timedelta(days=10))
    submission_ends = factory.LazyFunction(lambda: _today() + dt.timedelta(days=10))
    judging_starts = factory.LazyFunction(lambda: _today() - dt.timedelta(days=5))
    judging_ends = factory.LazyFunction(lambda: _today() + dt.timedelta(days=20))


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    contest = factory.SubFactory(ContestFactory)
    title = factory.Sequence(lambda n: f"Номинация {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    contest = factory.SubFactory(ContestFactory)
    title = factory.Sequence(lambda n: f"Критерий {n}")
    max_score = 10


class JurorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Juror

    contest = factory.SubFactory(ContestFactory)
    user = factory.SubFactory(UserFactory)


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    contest = factory.SubFactory(ContestFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Работа {n}")
    author = "Иванова Мария, медсестра"
    submitted_by = factory.SubFactory(UserFactory)


class EntryPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryPhoto

    entry = factory.SubFactory(EntryFactory)
    file = factory.LazyFunction(jpeg_file)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    entry = factory.SubFactory(EntryFactory)
    juror = factory.SubFactory(JurorFactory)
    criterion = factory.SubFactory(CriterionFactory)
    value = 5
