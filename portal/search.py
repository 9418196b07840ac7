"""Text search shared by the apps: PostgreSQL full-text search (Russian configuration) with
prefix matching, trigram similarity (pg_trgm) as a fallback for typos, ranked, with escaped
highlighted snippets; a plain substring search on other databases (the SQLite local run).

ё and е are the same letter to the search: ``Unyo`` folds ё→е in the indexed text and
``normalise`` folds the query. The GIN indexes of the apps' migrations are built on exactly the
expressions used here (``index_sql``), so PostgreSQL can use them."""

import html
import re
from functools import reduce

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Greatest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONFIG = "russian"
# word_similarity of a query word with one typo (two letters swapped) to the text is about 0.5.
TRIGRAM_THRESHOLD = 0.4
START, STOP = "\x02", "\x03"
# PostgreSQL's default weights of ts_rank, for the trigram closeness of each field.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}


class Unyo(Func):
    """TRANSLATE(text, 'ёЁ', 'еЕ'): immutable, so usable in an index expression."""

    template = "TRANSLATE(%(expressions)s, 'ёЁ', 'еЕ')"
    output_field = TextField()


def normalise(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def words(query: str) -> list[str]:
    return re.findall(r"\w+", normalise(query))


def prefix_query(query: str) -> SearchQuery | None:
    """Every word of the query, stemmed by the Russian configuration, as a prefix («молодежь» →
    'молодеж':*, which finds «Молодёжный»). Only word characters reach the raw tsquery."""
    tokens = words(query)
    if not tokens:
        return None
    raw = " & ".join(f"{token}:*" for token in tokens)
    return SearchQuery(raw, config=CONFIG, search_type="raw")


def _vector(field: str, weight: str | None = None) -> SearchVector:
    return SearchVector(Unyo(F(field)), config=CONFIG, weight=weight)


def index_sql(table: str, field: str) -> list[tuple[str, str]]:
    """CREATE/DROP INDEX of the two expressions the search filters ``field`` on: its full-text
    vector and its trigrams (see ``search``)."""
    folded = f"TRANSLATE(\"{field}\", 'ёЁ', 'еЕ')"
    indexes = {
        f"{table}_{field}_fts": f"(to_tsvector('{CONFIG}'::regconfig, COALESCE({folded}, '')))",
        f"{table}_{field}_trgm": f"({folded}) gin_trgm_ops",
    }
    return [
        (
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ({expression})',
            f'DROP INDEX IF EXISTS "{name}"',
        )
        for name, expression in indexes.items()
    ]


def index_operations(app_label: str, model_name: str, fields: list[str]) -> list:
    """Migration operations: pg_trgm and the full-text GIN indexes of ``fields``, on
    PostgreSQL only (no-ops on SQLite, where the search is a substring search)."""
    from django.db import migrations

    def statements(apps):
        table = apps.get_model(app_label, model_name)._meta.db_table
        return [sql for field in fields for sql in index_sql(table, field)]

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for create, _drop in statements(apps):
            schema_editor.execute(create)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for _create, drop in statements(apps):
            schema_editor.execute(drop)

    def create_extension(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")

    # pg_trgm is shared by every app's search indexes: unapplying one app's migration must not
    # drop it from under the others, so going back leaves it installed.
    return [
        migrations.RunPython(create_extension, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]


def search(
    queryset: QuerySet, query: str, *, fields: dict[str, str], snippet: str | None = None
) -> QuerySet:
    """Filter ``queryset`` to the rows matching ``query`` in ``fields`` ({field: weight A–D}),
    annotated with ``search_rank`` (order by it, descending) and, on PostgreSQL, with
    ``search_snippet`` (raw headline of the ``snippet`` field; show it through ``snippet_html``).

    A row matches when any field matches the full-text prefix query (one indexed EXISTS query
    first); when no row does (a typo), rows whose text has a word similar enough by trigrams
    (pg_trgm word similarity) to the query are found instead."""
    query = query.strip()
    if connection.vendor != "postgresql":
        tokens = query.split() or [query]
        condition = reduce(
            lambda a, b: a & b,
            (
                reduce(lambda a, b: a | b, (Q(**{f"{f}__icontains": t}) for f in fields))
                for t in tokens
            ),
        )
        return queryset.filter(condition).annotate(search_rank=Value(0.0))
    text_query = prefix_query(query)
    if text_query is None:
        return queryset.none().annotate(search_rank=Value(0.0))
    plain = normalise(query)
    folded = {f"_folded_{f}": Unyo(F(f)) for f in fields}
    vectors = {f"_fts_{f}": _vector(f) for f in fields}
    # A field matches by its words (stem and prefix) or, for the word forms the stemmer
    # tells apart («медсестра» → медсестр, «медсестёр» → медсестер), by trigrams (pg_trgm's
    # %> at its default word-similarity threshold); both operators use the GIN indexes.
    matches = reduce(
        lambda a, b: a | b,
        (
            Q(**{f"_fts_{f}": text_query}) | Q(**{f"_folded_{f}__trigram_word_similar": plain})
            for f in fields
        ),
    )
    similarities = {f: TrigramWordSimilarity(plain, Unyo(F(f))) for f in fields}
    vector = reduce(lambda a, b: a + b, (_vector(f, weight) for f, weight in fields.items()))
    found = queryset.alias(**folded, **vectors).filter(matches)
    if found.exists():
        closeness = reduce(
            lambda a, b: a + b,
            (similarities[f] * WEIGHTS[weight] for f, weight in fields.items()),
        )
        queryset = found.annotate(search_rank=SearchRank(vector, text_query) + closeness)
    else:
        # Nothing even by trigrams at the default threshold: a typo? The closest words at a
        # lower threshold, most similar first (a scan of the rows ``queryset`` leaves).
        similarity = Greatest(*similarities.values(), Value(0.0))
        queryset = queryset.annotate(search_rank=similarity).filter(
            search_rank__gte=TRIGRAM_THRESHOLD
        )
    if snippet:
        queryset = queryset.annotate(
            search_snippet=SearchHeadline(
                Unyo(F(snippet)),
                text_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    return queryset


def snippet_html(raw: str | None, *, source_is_html: bool = False) -> SafeString:
    """The headline escaped first, then its match markers turned into <mark>.

    ts_headline drops the tags of an HTML source but keeps its entities: those are decoded
    first (``source_is_html``) so that escaping does not show «&amp;amp;»."""
    if not raw:
        return mark_safe("")
    text = html.unescape(raw) if source_is_html else raw
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))
