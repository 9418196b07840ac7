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


def plural_ru(number: int, one: str, few: str, many: str) -> str:
    """The Russian form of a noun after a number: 1 час, 3 часа, 5 часов, 21 час, 11 часов."""
    number = abs(int(number))
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many
