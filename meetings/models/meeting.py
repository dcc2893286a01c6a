"""The meeting: one meeting held and the article that reports it."""

import datetime
import re
from typing import NamedTuple

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, FloatField, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..links import page_url
from .article_versions import stamp_annotations
from .lookups import AmongIds
from .slugs import save_filling_slug, slug_field
from .topic_tags import tagged_with

LATIN = re.compile("[A-Za-z]")


def published_q(prefix=""):
    """The condition for a public meeting, for queries that reach meetings through `prefix`.

    E.g. ``AssessmentResult.objects.filter(published_q("report__meeting__"))``; rows
    that keep copies of their meeting ask their own (``Directive.objects.public()``).
    """
    return Q(
        **{
            f"{prefix}status": Meeting.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


def scheduled_q(prefix=""):
    """The condition for a meeting published for a time still ahead: counted in the
    tallies, hidden from the public until then (see published_q)."""
    return Q(
        **{
            f"{prefix}status": Meeting.Status.PUBLISHED,
            f"{prefix}published_at__gt": timezone.now(),
        }
    )


def newest_meeting_first(path=""):
    """An order for rows read through their meeting (results, with `path="report__"`):
    by their meeting's day, newest first, each meeting's rows together in their order.
    Rows that keep copies of their meeting are ordered by those (see
    meeting_copies.newest_row_first). Rows read through their meeting take no key as a
    last tie-breaker: with it, SQLite stops walking meetings by date and sorts every
    candidate first."""
    return (f"-{path}meeting__held_on", f"-{path}meeting_id", f"{path}order")


def meeting_link_fields(path="meeting"):
    """What a link to a meeting with its date needs, for .only() through `path`: a
    history row then never loads the article's text or its search document."""
    return (path, f"{path}__title", f"{path}__slug", f"{path}__held_on", f"{path}__language")


# What a list shows of each meeting: MeetingQuerySet.for_listing.
LISTED_FIELDS = (
    "title",
    "slug",
    "held_on",
    "language",
    "summary",
    "status",
    "published_at",
    "column__name",
    "column__name_zh",
    "column__slug",
)


# The founding of the People's Republic: no meeting the site records is older.
FIRST_DAY = datetime.date(1949, 10, 1)


def validate_meeting_day(day):
    """A day no meeting of the site can have been held on is a typing slip (2202 for
    2022): published, it would head every list for a hundred years. A field validator,
    so that the admin's form and an imported file are held to it alike."""
    latest = timezone.localdate() + datetime.timedelta(days=366)
    if not FIRST_DAY <= day <= latest:
        raise ValidationError(
            _("A meeting is held between %(first)s and a year from today: check the year."),
            code="unlikely_day",
            params={"first": date_format(FIRST_DAY)},
        )


# A search that finds more people than this adds their meetings without asking whether
# their names match the words.
MAX_PEOPLE_CHECKED = 20


class ArticleStamp(NamedTuple):
    """What an article shows, as numbers: its meeting, and the versions of the meeting's
    article and of the names it prints (see article_versions). Equal stamps, equal
    articles."""

    meeting: int
    article_version: int | None
    names_version: int | None


class MeetingQuerySet(models.QuerySet):
    def published(self):
        """Meetings the public may see: published, with a publication time that has passed."""
        return self.filter(published_q())

    def scheduled(self):
        """Meetings published for a time still ahead: hidden until then."""
        return self.filter(scheduled_q())

    def article_stamp(self, **lookup):
        """What the article of the meeting found by `lookup` (its pk or slug) shows now,
        as ArticleStamp; None if there is none. Read from the primary database: a replica
        may not have the latest change yet."""
        row = (
            self.using(DEFAULT_DB_ALIAS)
            .filter(**lookup)
            .with_article_stamp()
            .values_list("pk", "article_version", "names_version")
            .first()
        )
        return row and ArticleStamp(*row)

    def with_article_stamp(self):
        """Annotate each meeting with the versions of what its article shows."""
        return self.annotate(**stamp_annotations())

    def withdrawn(self):
        """Meetings taken down after publication; their address shows a correction notice.

        Only those the public could read before: a meeting withdrawn before its
        publication time came (or never published) was never public, and stays unknown.
        """
        return self.filter(
            status=Meeting.Status.WITHDRAWN,
            published_at__isnull=False,
            published_at__lte=Coalesce("withdrawn_at", "published_at"),
        )

    def search(self, query):
        """Meetings matching `query`, annotated with `rank` (higher is more relevant).

        Web-search syntax ("a phrase", -excluded, or) over titles, leads, topics,
        directives, report subjects and attendee names, in English or Chinese; plus
        the meetings of people whose name contains or resembles the query, so part of a
        name or a misspelled one still finds them. The engine follows the database
        (see meetings.search).

        A person's full name ("Zhou Min") finds the meetings that record people of
        that name: not the meetings where a Zhou Wei and a Li Min stand apart, nor,
        since "he" is an English stop word that the index drops, every meeting of a
        Tao when the name is He Tao. Those meetings are read from the people's own rows
        and all rank alike, so they are listed newest first, as on a person's page: the
        words of one name rank one meeting above another only by how often they recur,
        and reading every meeting's text to count that took 10-36 ms for five namesakes
        in 6,700 meetings. The name in quotes is a phrase like any other, found and
        ranked wherever the text has it (on PostgreSQL without its English stop words,
        as in any query: '"He Tao"' is 'tao').

        The people a query names in part or misspelled are looked for by the words it asks
        for (see Person.objects.matching), and their meetings are added where the rest of
        the query holds, the words of their names taken as met: "Zhang Xiao -fire" adds
        Zhang Xiaorui's meetings without fire, "Chen Qiang fire" (which resembles his
        name) Chen Qiang's meetings that mention fire. A word is taken as the name's when
        it stands in the names of someone found (see search.text.in_names), and every
        word is when a name contains them all.

        Other meetings are matched and ranked in one pass where the people's meetings add
        nothing: a meeting's document carries the names of everyone it records, so when
        each person's names match the words taken as theirs, their meetings are text
        matches already. The union made the database read every match a second time to
        rank it.
        """
        from ..search import engine, has_positive_terms, parse_query
        from ..search.text import in_names, positive_terms, taken_as_met, words
        from .people import Person

        unranked = Value(0.0, output_field=FloatField())
        clauses = parse_query(query)
        if not has_positive_terms(clauses):
            return self.none().annotate(rank=unranked)
        named = Person.objects.named(query)
        if named:
            return self.with_person(named).annotate(rank=unranked)
        search_engine = engine()
        match, rank = search_engine.match(clauses)
        rank = Coalesce(rank, Value(0.0), output_field=FloatField())
        people, resembled = Person.objects.found_for(query)
        names = [
            f"{name}\n{other}"
            for name, other in people.values_list("name", "alt_names")[: MAX_PEOPLE_CHECKED + 1]
        ]
        terms = positive_terms(clauses)
        if resembled:  # only the words their names have are theirs
            name_words = {word for text in names for word in words(text)}
            theirs = [term for term in terms if in_names(term, name_words)]
        else:  # their names contain what the query asks for
            theirs = terms
        people_add_nothing = not theirs or (
            len(names) <= MAX_PEOPLE_CHECKED
            and search_engine.all_match(names, theirs, using=self.db)
        )
        if people_add_nothing:  # ranked in the pass that matches: a common word ranks 92,000
            return self.filter(match).annotate(rank=rank)
        rest = taken_as_met(clauses, theirs)
        if rest is None:
            added = _person_sources(people)
        else:
            their_meetings = self.model.objects.among(_meeting_ids(*_person_sources(people)))
            added = [(their_meetings.filter(search_engine.match(rest)[0]), "pk")]
        found = _meeting_ids((self.model.objects.filter(match), "pk"), *added)
        return self.filter(pk__in=found).annotate(rank=rank)

    def with_person(self, people):
        """Meetings in which `people` (a Person, a queryset or ids) attended, reported or directed.

        One union of three index-only lookups, so the database reads the person's own
        rows, never every meeting (an OR of three IN conditions would).
        """
        return self.among(_meeting_ids(*_person_sources(people)))

    def among(self, ids):
        """Meetings whose id is one of `ids`, a subquery of someone's or something's
        meetings. PostgreSQL looks each id up (see lookups.AmongIds): for the person in
        2,000 meetings, 27 → 11 ms to find their newest twenty public ones and count
        them all, where `IN` had it scan every public meeting."""
        return self.filter(AmongIds(F("pk"), ids))

    def on_topic(self, *topics):
        """Meetings tagged with any of `topics` (see topic_tags): for a topic on many, a
        correlated EXISTS, so the database can walk meetings in the list's order and stop
        at a page's worth (a join made SQLite gather and sort every tagged meeting
        first); for a topic on few, those meetings."""
        return tagged_with(self, topics)

    def in_column(self, column):
        """Meetings filed in `column` or any column below it."""
        return self.filter(column__in=column.descendant_ids())

    def concerning(self, organization):
        """Meetings the organization issued, attended through its people, or was assessed in."""
        from .assessment import AssessmentResult
        from .attendance import Attendance

        return self.among(
            _meeting_ids(
                (Meeting.objects.filter(issued_by=organization), "pk"),
                (AssessmentResult.objects.filter(organization=organization), "report__meeting_id"),
                (Attendance.objects.filter(organization=organization), "meeting_id"),
            )
        )

    def changed_elsewhere(self):
        """Record that these meetings changed outside their own form (on an assessment
        report's page, or restored): a new version, so a meeting form opened before is
        refused instead of writing back what it showed, and for a public meeting the
        time of the revision, which its article shows."""
        self.update(version=F("version") + 1)
        self.filter(published_q()).update(revised_at=timezone.now())

    def for_listing(self, *also):
        """What a list of meetings shows (title, day, column, summary, topics) and the
        fields named in `also`: not the article's text unless named there, never its
        rows nor the search vector: twenty whole rows, with their whole columns, took
        4.9 ms to read at 100,000 meetings, these 3.4."""
        from .site import Topic

        return (
            self.only(*LISTED_FIELDS, *also)
            .select_related("column")
            .prefetch_related(
                Prefetch("topics", queryset=Topic.objects.only("name", "name_zh", "slug"))
            )
        )

    def for_article(self):
        """Everything the article page renders, in a fixed number of queries."""
        from .assessment import AssessmentReport, AssessmentResult
        from .attendance import Attendance
        from .directive import Directive

        return (
            self.defer("search_vector")
            .with_article_stamp()  # with the meeting, before its rows: see Meeting.article_stamp
            .select_related("column__parent__parent", "issued_by")  # the breadcrumb's too
            .prefetch_related(
                "topics",
                Prefetch(
                    "attendances",
                    queryset=Attendance.objects.select_related("person", "organization"),
                ),
                Prefetch(
                    "reports",
                    queryset=AssessmentReport.objects.select_related("reporter").prefetch_related(
                        "topics",
                        Prefetch(
                            "results",
                            queryset=AssessmentResult.objects.select_related("organization"),
                        ),
                    ),
                ),
                Prefetch("directives", queryset=Directive.objects.select_related("issued_by")),
            )
        )


def _person_sources(people):
    """Where a person's meetings are recorded: (rows, meeting id field) for `_meeting_ids`."""
    from .assessment import AssessmentReport
    from .attendance import Attendance
    from .directive import Directive

    lookup = "exact" if isinstance(people, models.Model) else "in"
    return [
        (Attendance.objects.filter(**{f"person__{lookup}": people}), "meeting_id"),
        (AssessmentReport.objects.filter(**{f"reporter__{lookup}": people}), "meeting_id"),
        (Directive.objects.filter(**{f"issued_by__{lookup}": people}), "meeting_id"),
    ]


def _meeting_ids(*sources):
    """The union of the meeting ids read from (queryset, field) pairs: one set, no duplicates."""
    parts = [queryset.order_by().values_list(field, flat=True) for queryset, field in sources]
    return parts[0].union(*parts[1:])


@reversion.register(follow=["attendances", "reports", "directives"], exclude=["search_vector"])
class Meeting(models.Model):
    """A meeting and its article, with the disclosure metadata government pages carry."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(pgettext_lazy("of an article", "title"), max_length=300)
    slug = slug_field(200)
    held_on = models.DateField(
        _("held on"),
        help_text=_("The day the meeting took place."),
        validators=[validate_meeting_day],
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    column = models.ForeignKey(
        "Column",
        verbose_name=_("column"),
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("The section of the site the article appears in."),
    )
    topics = models.ManyToManyField(
        "Topic", verbose_name=_("topics"), blank=True, related_name="meetings"
    )
    summary = models.TextField(
        _("lead"),
        help_text=_("The opening paragraph, e.g. “On September 30, our county held a meeting…”."),
    )
    other_attendees = models.TextField(
        _("other attendees"),
        blank=True,
        help_text=_(
            "Attendees the article does not name one by one, in the article's words, "
            "e.g. “The main leaders of all departments at the county level attended the meeting.”"
        ),
    )
    other_statements = models.TextField(
        _("other statements"),
        blank=True,
        help_text=_(
            "Statements by speakers the article does not name, in its words, e.g. "
            "“Major comrades in charge of lagging towns and departments made a statement.”"
        ),
    )
    body = models.TextField(
        _("further text"),
        blank=True,
        help_text=_(
            "Any further text of the article, shown after the directives. "
            "Separate paragraphs with a blank line."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The article is public once it is published and this time has passed."),
    )
    index_number = models.CharField(_("index number"), max_length=100, blank=True)
    issued_by = models.ForeignKey(
        "Organization",
        verbose_name=_("issuing office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_meetings",
    )
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    language = models.CharField(
        _("language of the article"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="zh-hans",
        help_text=_("The article's sentences about attendees and directives use this language."),
    )
    SYNTHETIC = "synthetic"  # the source of every meeting seed_demo generates

    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("Where this record came from; generated demo records say “synthetic”."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(
        _("reason for withdrawal"),
        blank=True,
        help_text=_("Shown publicly in the correction notice when the meeting is withdrawn."),
    )
    revised_at = models.DateTimeField(
        _("revised at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when a published article is changed; shown as “revised on”."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised by every save; a form sent with an older number was overtaken."),
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    page_name = "meetings:meeting"  # the URL name of its public page, by slug
    # The words around a search's match, set on the meetings a search lists (views.browse);
    # other lists print the summary. A default, since a template that looks up a missing
    # attribute lists the object's every attribute (dir) to tell why: 20 times a page.
    snippet = ""

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [("publish_meeting", _("Can publish and withdraw meetings"))]
        indexes = [
            models.Index(fields=["-held_on", "-id"], name="meeting_held_on_idx"),
            models.Index(fields=["status", "published_at"], name="meeting_visibility_idx"),
            # The public order with the status first: SQLite cannot use the partial indexes
            # below when the status arrives as a bound parameter, and would sort every
            # published meeting for each page without this one.
            models.Index(
                fields=["status", "-held_on", "-id", "published_at"],
                name="meeting_status_order_idx",
            ),
            # Published meetings only, carrying what the public filters read, so lists,
            # counts and joins from a person's or topic's rows are index-only scans.
            models.Index(
                fields=["-held_on", "-id"],
                include=["published_at", "column"],
                condition=Q(status="published"),
                name="meeting_public_order_idx",
            ),
            models.Index(
                fields=["id"],
                include=["published_at", "held_on", "column"],
                condition=Q(status="published"),
                name="meeting_public_id_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version += 1
        # A meeting's title recurs (each quarter's "key work promotion meeting"): its
        # address is made from the title and the day, or the day alone for a title in
        # Chinese characters.
        day = f"{self.held_on}"  # a date, or its ISO text
        room = self._meta.get_field("slug").max_length - len(day) - 8  # for "-2" and so on
        title = slugify(self.title)[:room].strip("-") if LATIN.search(self.title) else ""
        text = f"{title}-{day}" if title else ""
        save_filling_slug(self, text, f"meeting-{day}", super().save, *args, **kwargs)

    def get_absolute_url(self):
        return page_url(self.page_name, self.slug)

    @property
    def is_synthetic(self):
        """Whether seed_demo made this meeting up for demonstration."""
        return self.source == self.SYNTHETIC

    def stamp_transition(self, previous_status, was_public, content_changed):
        """Set the times that a change of status or an edit implies, before saving.

        Publishing without a time publishes now; withdrawing records when, and publishing
        again forgets why; editing an
        article that the public could already read records the revision, which the
        article then shows as "revised on".
        """
        now = timezone.now()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = now
        if self.status == self.Status.WITHDRAWN:
            if previous_status != self.Status.WITHDRAWN:
                self.withdrawn_at = now
        else:
            self.withdrawn_at = None
            if previous_status == self.Status.WITHDRAWN:
                self.withdrawn_reason = ""  # a later withdrawal gives its own reason
        if was_public and self.status == self.Status.PUBLISHED and content_changed:
            self.revised_at = now

    @property
    def article_stamp(self):
        """The versions this article was rendered from (a meeting read by for_article).

        They are read in the query that reads the meeting, before its rows, so a change
        that commits while the article is rendered is newer than the stamp: the page may
        show it in part, but is never kept as if it showed all of it.
        """
        return ArticleStamp(self.pk, self.article_version, self.names_version)

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def was_published(self):
        """Whether the public could read it at some time (it may be withdrawn since)."""
        return (
            self.status in (self.Status.PUBLISHED, self.Status.WITHDRAWN)
            and self.published_at is not None
            and self.published_at <= (self.withdrawn_at or timezone.now())
        )

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def was_revised(self):
        return bool(self.revised_at and self.published_at and self.revised_at > self.published_at)

    @property
    def body_template(self):
        """The template that writes the article's text in its own language."""
        return f"meetings/article/body_{self.language}.html"

    def body_paragraphs(self):
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]
