from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Contest, Criterion, Entry


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos in one input (each checked by the model's validator in the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class EntryForm(forms.ModelForm):
    photos = MultipleImageField(label=_("Фотографии"))

    class Meta:
        model = Entry
        fields = ["nomination", "title", "author", "description", "link"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        nominations = contest.nominations.all()
        if nominations:
            self.fields["nomination"].queryset = nominations
            self.fields["nomination"].required = True
            self.fields["nomination"].empty_label = None
        else:
            del self.fields["nomination"]
        if contest.kind == Contest.Kind.PHOTO:
            self.fields["photos"].help_text = _(
                "JPEG или PNG, не более %(n)s фотографий в работе."
            ) % {"n": contest.max_files_per_entry}
            self.fields["link"].help_text = _("Необязательно: публикация работы в сообществе.")
        else:
            del self.fields["photos"]
            if contest.kind == Contest.Kind.VIDEO:
                self.fields["link"].help_text = _(
                    "Ссылка на видео (VK Видео, RuTube), не длиннее %(n)s мин., с заставкой "
                    "с названием ППО."
                ) % {"n": contest.max_video_minutes}
        if self.instance.pk and "photos" in self.fields:
            self.fields["remove_photos"] = forms.ModelMultipleChoiceField(
                label=_("Удалить фотографии"),
                queryset=self.instance.photos.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def _post_clean(self):
        # The model is validated by the service, not by the ModelForm.
        pass


class ScoreForm(forms.Form):
    def __init__(self, *args, criteria: list[Criterion], initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.title} (0–{criterion.max_score})",
                min_value=0,
                max_value=criterion.max_score,
                initial=initial_scores.get(criterion.pk),
                error_messages={
                    "required": _("Поставьте балл."),
                    "min_value": _("Балл не может быть меньше 0."),
                    "max_value": _("Балл не больше %(limit_value)s."),
                },
            )

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}
