"""Forms of publications: input shape and messages only (rules live in the services)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from integrations import crossposting
from portal.editor import RichTextWidget
from portal.forms import BoundedDateField, BoundedDateTimeField
from portal.organization import named_lazy
from ppo.forms import organization_picked
from ppo.models import PrimaryOrganization
from ppo.selectors import organizations_active

from .models import Publication, PublicationPhoto


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files in one input; each is checked by the service (portal.images)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


class PublicationForm(forms.ModelForm):
    photos = MultiplePhotoField(
        label=_("Добавить фотографии"),
        help_text=_(
            "JPEG, PNG или WebP, до %(mb)s МБ каждая, не больше %(n)s фотографий у публикации. "
            "Можно выбрать несколько файлов сразу."
        ),
    )
    photo_credit = forms.CharField(
        label=_("Автор новых фотографий"),
        max_length=150,
        required=False,
        help_text=_("Например: фото Ирины Кузьминой. Подписи к каждой фотографии — ниже."),
    )

    class Meta:
        model = Publication
        fields = [
            "title",
            "lead",
            "body",
            "event_date",
            "category",
            "vk_url",
            "telegram_url",
        ]
        field_classes = {"event_date": BoundedDateField}
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 2}),
            "body": RichTextWidget(),
            "vk_url": forms.URLInput(attrs={"placeholder": "https://vk.com/wall-..."}),
            "telegram_url": forms.URLInput(attrs={"placeholder": "https://t.me/..."}),
        }
        help_texts = {
            "body": _(
                "Кнопки над текстом: абзацы, полужирный, курсив, списки, ссылки, цитаты. "
                "Текст из Word или с сайта можно вставить: останется только это оформление."
            ),
            "vk_url": _("Если новость уже опубликована в группе ППО ВКонтакте."),
            "telegram_url": _("Если новость уже опубликована в Telegram-канале ППО."),
        }
        error_messages = {
            "vk_url": {"invalid": _("Введите полный адрес, начиная с https://")},
            "telegram_url": {"invalid": _("Введите полный адрес, начиная с https://")},
        }

    def __init__(self, *args, photo_errors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = self.fields["photos"].help_text % {
            "mb": settings.PORTAL_IMAGE_MAX_BYTES // (1024 * 1024),
            "n": settings.PORTAL_PUBLICATION_MAX_PHOTOS,
        }
        self.fields["category"].required = False
        # A draft may have no rubric yet, so the empty choice stays, but reads as a prompt.
        self.fields["category"].choices = [
            ("", _("Выберите рубрику")),
            *[c for c in self.fields["category"].choices if c[0] != ""],
        ]
        # The model lets a draft be untitled (so nothing is lost); the form still asks for one.
        self.fields["title"].required = True
        self.fields["title"].error_messages["required"] = _("Напишите заголовок.")
        for message in photo_errors or []:
            self.add_error("photos", message)

    def text_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StaffPublicationForm(PublicationForm):
    """Staff also choose the PPO, or none for the ЧРО's own news."""

    organization = forms.ModelChoiceField(
        label=_("ППО"),
        queryset=organizations_active().order_by("short_name"),
        required=False,
        empty_label=named_lazy(_("— новость {name} —")),
    )

    field_order = ["organization"]


class IdListField(forms.Field):
    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Отметьте фотографии, которые нужно добавить."),
        "invalid": _("Неверный выбор фотографий."),
    }

    def to_python(self, value):
        if not value:
            return []
        try:
            return list(dict.fromkeys(int(v) for v in value))
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ArchivePhotoPickForm(forms.Form):
    """The ids of archive photos ticked on the picker page (the service checks each one)."""

    items = IdListField(label=_("Фотографии из архива"))


class PhotoForm(forms.ModelForm):
    delete = forms.BooleanField(label=_("Удалить"), required=False)

    class Meta:
        model = PublicationPhoto
        fields = ["caption", "credit", "order"]
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "max": 99})}


PhotoFormSet = forms.modelformset_factory(PublicationPhoto, form=PhotoForm, extra=0)


class ApproveForm(forms.Form):
    publish_at = BoundedDateTimeField(
        label=_("Опубликовать в"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        help_text=_("Пусто — опубликовать сразу."),
    )
    comment = forms.CharField(
        label=_("Комментарий автору"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    crosspost = forms.BooleanField(
        label=named_lazy(_("Опубликовать и в соцсетях {name}")),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["crosspost"]
        targets = crossposting.targets()
        if targets:
            field.initial = settings.CROSSPOST_DEFAULT
            field.help_text = _(
                "%(where)s: текст, первое фото и ссылка на новость — когда она появится в ленте."
            ) % {"where": ", ".join(str(crossposting.LABELS[target]) for target in targets)}
        else:
            field.initial = False
            field.disabled = True
            field.help_text = _(
                "Не настроено: нужны токен администратора сообщества ВКонтакте или бот Telegram "
                "(см. README)."
            )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий автору"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Напишите комментарий: без него автор не поймёт, что делать.")
        },
    )


class NewsFilterForm(forms.Form):
    """The feed's filters. The PPO is typed (its name or a part of it) and found on the server,
    so the page never lists the thousands of PPOs; with JavaScript the field suggests names."""

    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    ppo = forms.CharField(
        label=_("ППО"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Название ППО — не длиннее %(limit_value)d символов.")},
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Все ППО: начните вводить название"),
                "list": "ppo-suggestions",
                "autocomplete": "off",
            }
        ),
    )
    category = forms.ChoiceField(
        label=_("Рубрика"),
        required=False,
        choices=[("", _("Все рубрики")), *Publication.Category.choices],
    )
    month = forms.ChoiceField(label=_("Месяц"), required=False)

    def __init__(self, *args, find_organizations=None, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.find_organizations = find_organizations or (lambda text: [])
        # When the typed name fits several PPOs: the ones to choose from (links under the field).
        self.ppo_choices: list[PrimaryOrganization] = []
        from portal.periods import MONTH_NAMES

        self.fields["month"].choices = [("", _("Все месяцы"))] + [
            (f"{m:%Y-%m}", f"{MONTH_NAMES[m.month - 1].capitalize()} {m.year}") for m in months
        ]

    def clean_ppo(self):
        text = " ".join(self.cleaned_data["ppo"].split())
        if not text:
            return None
        found = self.find_organizations(text)
        return organization_picked(self, "ppo", text, found)
