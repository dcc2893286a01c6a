"""A lookup for a set of ids gathered from other tables, written as each database reads it best."""

from django.db.models import Lookup


class AmongIds(Lookup):
    """`field IN (subquery)`, written `field = ANY(ARRAY(subquery))` on PostgreSQL.

    With `IN`, PostgreSQL is free to scan every public meeting and hash-join the
    subquery's ids against them, and it does so when it overestimates how many ids
    there are. `= ANY(ARRAY(...))` reads the ids once, then looks each one up in the
    index. Other databases get the plain `IN`.
    """

    def as_sql(self, compiler, connection):
        return self._written(compiler, connection, "{} IN {}")

    def as_postgresql(self, compiler, connection):
        return self._written(compiler, connection, "{} = ANY(ARRAY{})")

    def _written(self, compiler, connection, form):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return form.format(lhs, rhs), (*lhs_params, *rhs_params)
