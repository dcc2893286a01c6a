"""A lookup PostgreSQL reads better than IN for a set of ids gathered from other tables."""

from django.db.models import Lookup


class AnyOf(Lookup):
    """`field = ANY(array)`, where the array is usually an ArraySubquery.

    `id IN (a subquery)` leaves PostgreSQL free to scan every public meeting and
    hash-join the subquery's ids against them, and it does so when it overestimates
    how many ids there are. `id = ANY(ARRAY(a subquery))` reads the ids once, then
    looks each one up in the index.
    """

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)
