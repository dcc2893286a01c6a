"""Who takes part in meetings: organizations (bodies and units) and people."""

import reversion
from django.core.validators import slug_re
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..links import page_url
from .names import PrintedName, chinese_name_field
from .slugs import save_filling_slug, slug_field


class OrganizationQuerySet(models.QuerySet):
    def named_like(self, text):
        """Units whose name, in either language, contains `text`."""
        return self.filter(Q(name__icontains=text) | Q(name_zh__icontains=text))

    def on_record(self):
        """Units a public meeting names: assessed in it, or the unit of an attendee."""
        from .assessment import AssessmentResult
        from .attendance import Attendance
        from .meeting import published_q

        assessed = AssessmentResult.objects.filter(
            published_q("report__meeting__"), organization=OuterRef("pk")
        )
        attended = Attendance.objects.public().filter(organization=OuterRef("pk"))
        return self.filter(Exists(assessed) | Exists(attended))


@reversion.register()
class Organization(PrintedName, models.Model):
    """A body or unit: a party committee, a department, a town and so on."""

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        PEOPLES_CONGRESS = "peoples_congress", _("People's congress")
        GOVERNMENT = "government", _("Government")
        CPPCC = "cppcc", _("CPPCC")
        COURT = "court", _("Court")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        DEPARTMENT = "department", _("Department")
        TOWN = "town", _("Town (street, convenience service centre)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    name_zh = chinese_name_field(200)
    slug = slug_field(200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The body this unit belongs to, if any."),
    )

    objects = OrganizationQuerySet.as_manager()

    page_name = "meetings:organization"  # the URL name of its public page, by slug

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        save_filling_slug(self, self.name, "organization", super().save, *args, **kwargs)

    def get_absolute_url(self):
        return page_url(self.page_name, self.slug)


class PersonQuerySet(models.QuerySet):
    def on_record(self):
        """People named in a meeting the public can read: as an attendee, a reporter or
        the issuer of a directive. Someone entered only for a draft has no public page.
        (PostgreSQL takes some milliseconds to plan this: for one person, ask
        Person.is_on_record.)"""
        from .assessment import AssessmentReport
        from .attendance import Attendance
        from .directive import Directive

        return self.filter(
            Exists(Attendance.objects.public().filter(person=OuterRef("pk")))
            | Exists(AssessmentReport.objects.public().filter(reporter=OuterRef("pk")))
            | Exists(Directive.objects.public().filter(issued_by=OuterRef("pk")))
        )

    def attending(self):
        """People a meeting the public can read records as attending: one condition, for
        lists where on_record's three would cost more to plan than the list to read."""
        from .attendance import Attendance

        return self.filter(Exists(Attendance.objects.public().filter(person=OuterRef("pk"))))

    def matching(self, query):
        """People whose name or other names contain what `query` asks for (its words and
        phrases as written, without the excluded ones and `or`); failing that, people
        whose name resembles it.

        Finds "Zhang Xiao" (part of a name), "冯杰" (the name in Chinese characters)
        and "Feng Jei" (a misspelling). Resemblance is only asked when no name contains
        the query: "Xie Haiyan" means Xie Haiyan, not the forty people named Xie
        something or something Haiyan, and their tens of thousands of meetings. A name
        with other words ("Chen Qiang fire") may resemble the name: Meeting.objects.search
        asks the other words of their meetings.
        """
        return self.found_for(query)[0]

    def found_for(self, query):
        """(people, resembled): `matching(query)`, and whether they were found by
        resemblance rather than by what their names contain."""
        from ..search import engine
        from ..search.text import parse_query, positive_text

        name = positive_text(parse_query(query))[:100]
        if len(name) < 2:
            return self.none(), False
        containing = self.filter(Q(name__icontains=name) | Q(alt_names__icontains=name))
        if containing.exists():
            return containing, False
        return self.filter(engine().similar_names(self.all(), name)), True

    def named(self, query):
        """The ids of the people a search for `query` names: people whose name, or one
        of whose other names, is the query as written, apart from case and spacing
        ("feng  JIE" names Feng Jie). Only a full name of plain words names someone:
        "Feng" and "Feng Jie safety" name nobody, nor does a phrase in quotes, a query
        with an excluded word or with `or`, or a single word (a given name alone, or an
        other name that is also a common word). Nor do Chinese characters: "冯杰" is
        searched as a phrase of its bigrams, which finds the characters where they stand
        together (in 冯杰明 too), mentions included, and 10 ms sooner than the people's
        rows at 100,000 meetings.

        Only people a public meeting records as attending (see attending: one condition,
        where on_record's three cost milliseconds to plan): someone entered only in a
        draft names nobody, and their name is searched as words."""
        from ..search.text import CJK_RUN, normalized, parse_query, words

        query = normalized(query)
        clauses = parse_query(query)
        if (
            '"' in query
            or CJK_RUN.search(query)
            or any(clause.negated or clause.is_or for clause in clauses)
        ):
            return []
        wanted = words(query)
        if len(wanted) < 2:
            return []
        text = " ".join(query.split())
        candidates = self.filter(Q(name__iexact=text) | Q(alt_names__icontains=text)).attending()
        return [
            pk
            for pk, name, others in candidates.values_list("pk", "name", "alt_names")
            if any(words(variant) == wanted for variant in [name, *others.splitlines()])
        ]


@reversion.register()
class Person(PrintedName, models.Model):
    """Someone who attends meetings, reports or issues directives.

    Titles change over time, so they live on Attendance, not here.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = slug_field(100)
    alt_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "One per line: other spellings of the name and the name in Chinese characters, "
            "e.g. 冯杰. Search finds the person by any of them; Chinese articles and the "
            "Chinese pages print the first one in Chinese characters."
        ),
    )

    objects = PersonQuerySet.as_manager()

    page_name = "meetings:person"  # the URL name of its public page, by slug

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        save_filling_slug(self, self.name, "person", super().save, *args, **kwargs)

    def get_absolute_url(self):
        return page_url(self.page_name, self.slug)

    def merge(self, duplicates, user=None):
        """Fold `duplicates` into this person (see models.merge.merge_people)."""
        from .merge import merge_people

        return merge_people(self, duplicates, user=user)

    def is_on_record(self):
        """Whether a meeting the public can read names them (see PersonQuerySet.on_record),
        asked one kind of row at a time: most people are attendees."""
        return (
            self.attendances.public().exists()
            or self.reports.public().exists()
            or self.directives.public().exists()
        )

    @property
    def alt_name_list(self):
        return [line.strip() for line in self.alt_names.splitlines() if line.strip()]

    @property
    def name_zh(self):
        """The first of the other names in Chinese characters, or "" (see PrintedName)."""
        from ..search.text import CJK_RUN

        if CJK_RUN.search(self.name):
            return ""
        return next((name for name in self.alt_name_list if CJK_RUN.search(name)), "")


class PersonRedirectQuerySet(models.QuerySet):
    def person_moved_from(self, old_slug):
        """The person now at the address a merged person had, or None: also for text
        that no slug can be (a NUL character is refused by PostgreSQL itself), and for a
        person the public cannot see (named only in meetings not public, since the one
        that made them public was withdrawn, say), whose address it would give away."""
        if not isinstance(old_slug, str) or not slug_re.fullmatch(old_slug):
            return None
        redirect = self.select_related("person").filter(old_slug=old_slug).first()
        if redirect is None or not redirect.person.is_on_record():
            return None
        return redirect.person


class PersonRedirect(models.Model):
    """The address of a person merged into another: /people/<old slug>/ answers 301."""

    old_slug = models.SlugField(_("old slug"), max_length=100, unique=True)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="redirects"
    )
    # The id the merged person had: an earlier version of a meeting that named them is
    # restored with the person kept (revisions.restore). Not exported: ids are local.
    merged_id = models.BigIntegerField(_("merged person's id"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PersonRedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_slug"]
        verbose_name = _("person redirect")
        verbose_name_plural = _("person redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.person.slug}"
