"""Data migration tests: bring the test database to a state and back (transactional tests)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Apply or unapply up to ``targets`` ((app, migration) pairs; None: the app unapplied);
    the historical apps of that state, for rows made the way that state had them."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def migrate_to_latest():
    """Back to the latest state of every app (unapplying one migration unapplied its
    dependants too)."""
    return migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
