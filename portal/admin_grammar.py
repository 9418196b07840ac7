"""Admin titles that agree in case with the model's name.

Django builds «Выберите %s для изменения» and «Добавить %s» from the nominative verbose_name,
which is wrong for feminine and animate nouns («Добавить первичная профсоюзная организация»).
A model admin declares the accusative as `verbose_name_accusative` (the nominative is right for
masculine inanimate and neuter nouns, so most need nothing); third-party models get theirs from
THIRD_PARTY_ACCUSATIVE. The site applies GrammaticalAdminMixin to every registered admin."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

THIRD_PARTY_ACCUSATIVE = {
    "auth.group": "группу",
}


class GrammaticalAdminMixin:
    # No class attribute `verbose_name_accusative` here: the mixin comes first in the MRO and
    # would hide the one the model admin declares.

    def accusative(self):
        label = self.opts.label_lower
        return str(
            getattr(self, "verbose_name_accusative", None)
            or THIRD_PARTY_ACCUSATIVE.get(label)
            or self.opts.verbose_name
        )

    def grammatical_titles(self, request, obj=None):
        name = self.accusative()
        can_change = self.has_change_permission(request, obj)
        return {
            "changelist": (
                _("Выберите %s для изменения") if can_change else _("Выберите %s для просмотра")
            )
            % name,
            "add": _("Добавить %s") % name,
            "change": (_("Изменить %s") if can_change else _("Просмотреть %s")) % name,
        }

    def changelist_view(self, request, extra_context=None):
        titles = self.grammatical_titles(request)
        extra_context = {
            "title": titles["changelist"],
            "add_title": capfirst(titles["add"]),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {"title": self.grammatical_titles(request)["add"], **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        title = self.grammatical_titles(request, obj)["change"]
        extra_context = {"title": title, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)


def grammatical(admin_class):
    """The admin class with grammatical titles (the class itself if it already has them)."""
    if issubclass(admin_class, GrammaticalAdminMixin):
        return admin_class
    return type(
        admin_class.__name__,
        (GrammaticalAdminMixin, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )
