"""A migration operation for the full-text indexes, whose SQL differs by database."""

from django.db import migrations


class VendorSQL(migrations.operations.base.Operation):
    """SQL for the database in use only (`{"postgresql": [...], "sqlite": [...]}`); the model
    state does not change. A schema operation, not a RunPython, so nothing that replays data
    migrations runs it twice."""

    reversible = True

    def __init__(self, forwards, backwards):
        self.forwards = forwards
        self.backwards = backwards

    def deconstruct(self):
        return (
            f"{__name__}.{self.__class__.__name__}",
            [],
            {"forwards": self.forwards, "backwards": self.backwards},
        )

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self.forwards.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self.backwards.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    def describe(self):
        return "Full-text index for PostgreSQL or SQLite"
