"""Small text helpers."""

from django.utils.text import slugify

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def slugify_ru(text: str, max_length: int = 80) -> str:
    """A Latin slug from Russian text: «Канашский ММЦ» -> «kanashskiy-mmts»."""
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    return slugify(latin)[:max_length].strip("-")
