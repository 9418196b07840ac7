"""Full-text GIN indexes of the library search and pg_trgm for its typo fallback (PostgreSQL only)."""

from django.db import migrations

from portal.search import index_operations


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = index_operations("documents", "Document", ["title", "number", "description"])
