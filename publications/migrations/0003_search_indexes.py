"""Full-text GIN indexes of the news search and pg_trgm for its typo fallback (PostgreSQL only)."""

from django.db import migrations

from portal.search import index_operations


class Migration(migrations.Migration):
    dependencies = [("publications", "0002_crosspost")]

    operations = index_operations("publications", "Publication", ["title", "lead", "body"])
