"""The main text of an HTML page and the newest date visible in it (no third-party parser)."""

import datetime as dt
import hashlib
import re
from html.parser import HTMLParser

SKIPPED = {"script", "style", "noscript", "nav", "header", "footer", "form", "svg", "template"}
DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(20\d{2})\b")
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ],
        start=1,
    )
}
DATE_WORDS = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(20\d{2})\b", re.I)


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def newest_date(text: str, *, today: dt.date) -> dt.date | None:
    found = []
    for day, month, year in DATE.findall(text):
        found.append((int(year), int(month), int(day)))
    for day, month, year in DATE_WORDS.findall(text):
        found.append((int(year), MONTHS[month.lower()], int(day)))
    dates = []
    for year, month, day in found:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date <= today:
            dates.append(date)
    return max(dates, default=None)
