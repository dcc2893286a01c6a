"""The portal's content as one JSON document keyed by slugs, for backup and moving
between databases: `export_meetings` writes it, `import_meetings` reads it back.

The document lists columns, topics, organizations, people, person redirects and
meetings, each meeting with its attendance, reports (with results) and directives.
Records refer to each other by slug, never by database id, and everything is sorted
in Python, so the same content gives the same file on SQLite and PostgreSQL. A
meeting's rows are listed in the order its page shows them, and the import keeps the
file's order, so a round trip leaves every article as it was. Lists may show meetings
held on one day in another order: they break such ties by database id, which a file
does not keep.
"""

FORMAT = "meeting-records-portal"
VERSION = 1
