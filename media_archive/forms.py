"""Input shapes of the archive (messages only; the rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import BoundedDateField, DateInput
from portal.organization import abbreviation, named
from ppo.forms import organization_picked
from ppo.selectors import organizations_active, organizations_matching

from . import video
from .models import Album, MediaItem


class AlbumForm(forms.ModelForm):
    class Meta:
        model = Album
        fields = [
            "title",
            "event_date",
            "place",
            "organization",
            "description",
            "visibility",
            "tags",
        ]
        field_classes = {"event_date": BoundedDateField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {"tags": _("Через запятую, например: конкурс, молодёжь, спорт.")}

    def __init__(self, *args, can_choose_organization: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_choose_organization:
            self.fields["organization"].empty_label = named(
                _("{name} (альбом республиканской организации)")
            )
        else:
            del self.fields["organization"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Many files under one name; each file is checked by the service, one by one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = list(data) if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if self.required and not files:
            raise forms.ValidationError(
                _("Выберите одну или несколько фотографий."), code="required"
            )
        return files


class PhotoUploadForm(forms.Form):
    files = MultipleFileField(label=_("Фотографии (JPEG, PNG, WebP)"))
    caption = forms.CharField(label=_("Подпись"), max_length=300, required=False)
    author_credit = forms.CharField(label=_("Автор"), max_length=150, required=False)
    rights = forms.ChoiceField(
        label=_("Согласие и права"), choices=MediaItem.Rights.choices, initial=MediaItem.Rights.SITE
    )


class VideoForm(forms.Form):
    upload = forms.FileField(
        label=_("Видеофайл (MP4 или WebM)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    url = forms.URLField(
        label=_("или ссылка на VK Видео, RuTube, YouTube"), required=False, assume_scheme="https"
    )
    caption = forms.CharField(label=_("Подпись"), max_length=300, required=False)
    author_credit = forms.CharField(label=_("Автор"), max_length=150, required=False)
    duration = forms.CharField(
        label=_("Длительность"),
        required=False,
        help_text=_("мм:сс или чч:мм:сс; для MP4 определяется сама."),
    )
    rights = forms.ChoiceField(
        label=_("Согласие и права"), choices=MediaItem.Rights.choices, initial=MediaItem.Rights.SITE
    )

    def clean_duration(self):
        try:
            return video.parse_duration(self.cleaned_data["duration"])
        except ValueError:
            raise forms.ValidationError(
                _("Укажите длительность как мм:сс, например 12:30."), code="invalid"
            ) from None


KIND_CHOICES = [("", _("Фото и видео")), ("photo", _("Фото")), ("video", _("Видео"))]


class AlbumFilterForm(forms.Form):
    """The archive's filters. The organization is typed (a PPO's name or a part of it, or the
    organization's own abbreviation) and found on the server, so the page never lists the
    thousands of PPOs; with JavaScript the field suggests names. A number (a link of the old
    list: 0 for the organization's own albums, else a PPO's id) still works."""

    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)
    tag = forms.SlugField(
        label=_("Метка"), required=False, allow_unicode=True, widget=forms.HiddenInput
    )
    organization = forms.CharField(
        label=_("Организация"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Название ППО — не длиннее %(limit_value)d символов.")},
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Все: начните вводить название ППО"),
                "list": "ppo-suggestions",
                "autocomplete": "off",
            }
        ),
    )
    date_from = forms.DateField(label=_("С даты"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("По дату"), required=False, widget=DateInput())
    kind = forms.ChoiceField(label=_("Вид"), required=False, choices=KIND_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # When the typed name fits several PPOs: the ones to choose from (links under the field).
        self.ppo_choices = []

    def clean_organization(self) -> int | None:
        text = " ".join(self.cleaned_data["organization"].split())
        if not text:
            return None
        if text == "0" or text.casefold() == abbreviation().casefold():
            return 0
        if text.isdigit():
            found = list(organizations_active().filter(pk=int(text)))
        else:
            found = organizations_matching(text)
        return organization_picked(self, "organization", text, found).pk


class MoveItemsForm(forms.Form):
    album = forms.ModelChoiceField(
        label=_("Переместить в альбом"),
        queryset=Album.objects.select_related("organization").order_by("-event_date"),
    )
