"""Read a document written by export.write: check all of it, then write all of it.

Nothing is written unless every record is good; every problem is reported with where
it is (e.g. ``meetings[3] “key-work-2022”.attendance[1].person``). Records are
matched by slug and rows by their natural keys, and only what differs is saved, so
loading the same file twice changes nothing. Rows of one order are shown in the file's
order (see Writer.sync).
"""

from dataclasses import dataclass

import reversion
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils.timezone import is_naive

from ..models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Column,
    Directive,
    Meeting,
    Organization,
    Person,
    PersonRedirect,
    Topic,
)
from . import FORMAT, VERSION

SECTIONS = ["columns", "topics", "organizations", "people", "person_redirects", "meetings"]


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


class ImportRejected(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")

    def report(self, shown=200):
        """The problems, one a line, the first `shown` of them, as the commands print them."""
        lines = [str(problem) for problem in self.problems[:shown]]
        if len(self.problems) > shown:
            lines.append(f"… and {len(self.problems) - shown} more.")
        return "\n".join(lines)


# What each kind of record holds: plain fields checked by the model field's own
# clean(), references to other records by slug, and lists of slugs.
# Fields a record may leave out (files written before they existed): a name or a
# description in Chinese left out keeps the one the database has.
OPTIONAL_TEXT = {
    "columns": ["name_zh"],
    "topics": ["name_zh", "description_zh"],
    "organizations": ["name_zh"],
}

RECORDS = {
    "columns": (Column, ["slug", "name", "order"], {"parent": ("columns", True)}, {}),
    "topics": (Topic, ["slug", "name", "description"], {}, {}),
    "organizations": (
        Organization,
        ["slug", "name", "kind"],
        {"parent": ("organizations", True)},
        {},
    ),
    "people": (Person, ["slug", "name"], {}, {}),
    "person_redirects": (PersonRedirect, ["old_slug"], {"person": ("people", False)}, {}),
    "meetings": (
        Meeting,
        [
            "slug",
            "title",
            "held_on",
            "location",
            "language",
            "summary",
            "other_attendees",
            "other_statements",
            "body",
            "status",
            "published_at",
            "withdrawn_at",
            "withdrawn_reason",
            "revised_at",
            "index_number",
            "document_number",
            "source",
        ],
        {"column": ("columns", False), "issued_by": ("organizations", True)},
        {"topics": "topics"},
    ),
    "attendance": (
        Attendance,
        ["role", "title", "order"],
        {"person": ("people", False), "organization": ("organizations", True)},
        {},
    ),
    "reports": (
        AssessmentReport,
        ["subject", "period", "summary", "order"],
        {"reporter": ("people", False)},
        {"topics": "topics"},
    ),
    "results": (
        AssessmentResult,
        ["units_described", "standing", "award", "rank", "score", "note"],
        {"organization": ("organizations", True)},
        {},
    ),
    "directives": (
        Directive,
        ["verb", "text", "order"],
        {"issued_by": ("people", False)},
        {"topics": "topics"},
    ),
}
CHILDREN = {"meetings": ["attendance", "reports", "directives"], "reports": ["results"]}
# What the writer matches rows by (see Writer.save_meeting), unique among their parent's
# rows; the rows a key's None leaves out of its rule, where that is so.
ROW_KEYS = {
    "attendance": [(["person", "role"], False)],
    "reports": [(["order", "reporter", "subject"], False)],
    "directives": [(["order", "issued_by", "text"], False)],
    "results": [
        (["organization"], True),  # a unit named once; units described may be several
        (["organization", "units_described", "standing", "award"], False),
    ],
}
KIND_NAMES = {
    "columns": "column",
    "topics": "topic",
    "organizations": "organization",
    "people": "person",
}


def text_problem(text):
    """What no database can store in `text`, or None."""
    if "\x00" in text:
        return "must not contain a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a character that is not valid Unicode"
    return None


def stored_value(field, value):
    """The value the model `field` stores for `value` from a file, or ValidationError.

    The field's own clean(), made strict where it would guess or fail: text must be text a
    database can store, a whole number must be whole (not 1.5, not true), a date or a time
    must be written as text, and a time must say its time zone ("…T10:00:00+08:00" or
    "…Z"). So "3" is stored as 3, and a file loaded twice compares equal the second time.
    """
    if isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            raise ValidationError("must be text")
        if isinstance(field, models.SlugField) and not value:
            raise ValidationError("must not be empty: a file names its records by slug")
        if message := text_problem(value):
            raise ValidationError(message)
    elif isinstance(field, models.IntegerField | models.DecimalField):
        whole = isinstance(field, models.IntegerField)
        if isinstance(value, bool) or (whole and isinstance(value, float) and value % 1):
            raise ValidationError("must be a whole number" if whole else "must be a number")
    elif isinstance(field, models.DateField) and value is not None and not isinstance(value, str):
        raise ValidationError("must be written as text, e.g. “2022-09-30”")
    value = field.clean(value, None)
    if isinstance(field, models.DateTimeField) and value is not None and is_naive(value):
        raise ValidationError("must say its time zone, e.g. “2022-09-30T10:00:00+08:00”")
    return value


class Checker:
    """Collects every problem in a document, without touching the database's rows.

    Each record's values are replaced with the values the database stores for them (see
    stored_value): the Writer writes them as they are.
    """

    def __init__(self, document):
        self.document = document
        self.problems = []
        self.known = {}

    def problem(self, where, message):
        self.problems.append(Problem(where, message))

    def run(self):
        doc = self.document
        if not isinstance(doc, dict):
            self.problem("document", "must be a JSON object")
            return self.problems
        if doc.get("format") != FORMAT:
            self.problem("format", f"must be “{FORMAT}”")
        if doc.get("version") != VERSION:
            self.problem("version", f"must be {VERSION}")
        for section in SECTIONS:
            if not isinstance(doc.get(section), list):
                self.problem(section, "missing, or not a list")
        if self.problems:
            return self.problems
        self.known = {
            "columns": set(Column.objects.values_list("slug", flat=True)),
            "topics": set(Topic.objects.values_list("slug", flat=True)),
            "organizations": set(Organization.objects.values_list("slug", flat=True)),
            "people": set(Person.objects.values_list("slug", flat=True)),
        }
        for section in SECTIONS[:-2]:
            self.collect_slugs(section, doc[section])
        for section in SECTIONS:
            for index, record in enumerate(doc[section]):
                self.check(section, f"{section}[{index}]{_label(record)}", record)
        self.check_unique(doc["person_redirects"], "person_redirects", ["old_slug"])
        self.check_unique(doc["meetings"], "meetings", ["slug"])
        self.check_topic_names(doc["topics"])
        for section, model in (("columns", Column), ("organizations", Organization)):
            self.check_no_parent_cycle(section, model, doc[section])
        self.check_redirects_name_no_one(doc["person_redirects"])
        self.check_published_have_a_time(doc["meetings"])
        return self.problems

    def check_no_parent_cycle(self, section, model, records):
        """No record is its own ancestor once the file is written (over the parents it
        leaves as they are): a column below itself listed every meeting as its own."""
        parents = dict(model.objects.values_list("slug", "parent__slug"))
        indexes = {}
        for index, record in enumerate(records):
            if isinstance(record, dict) and isinstance(record.get("slug"), str):
                parents[record["slug"]] = record.get("parent")
                indexes[record["slug"]] = index
        for slug, index in indexes.items():
            seen, current = {slug}, parents.get(slug)
            while isinstance(current, str) and current not in seen:
                seen.add(current)
                current = parents.get(current)
            if current == slug:
                self.problem(f"{section}[{index}].parent", f"makes “{slug}” a parent of itself")

    def check_redirects_name_no_one(self, redirects):
        """A redirect's old address is no one's address: it could never lead anywhere."""
        for index, record in enumerate(redirects):
            old = record.get("old_slug") if isinstance(record, dict) else None
            if isinstance(old, str) and old in self.known["people"]:
                self.problem(
                    f"person_redirects[{index}].old_slug",
                    f"“{old}” is a person's address, so it can lead to no one else",
                )

    def check_published_have_a_time(self, meetings):
        """A meeting published without a time of publication would be seen by nobody (the
        admin stamps the time when it publishes)."""
        for index, record in enumerate(meetings):
            if (
                isinstance(record, dict)
                and record.get("status") == Meeting.Status.PUBLISHED
                and record.get("published_at") is None
            ):
                self.problem(
                    f"meetings[{index}]{_label(record)}.published_at",
                    "missing for a published meeting, which would be seen by nobody",
                )

    def collect_slugs(self, section, records):
        seen = set()
        for index, record in enumerate(records):
            slug = record.get("slug") if isinstance(record, dict) else None
            if not isinstance(slug, str):
                continue  # reported by check()
            if slug in seen:
                self.problem(f"{section}[{index}].slug", f"“{slug}” appears more than once")
            seen.add(slug)
            self.known[section].add(slug)

    def check_unique(self, records, section, keys, where=None, unless_none=False):
        """Each record's `keys` differ from every other's (`unless_none`: where all set)."""
        seen = set()
        for index, record in enumerate(records):
            if not isinstance(record, dict):
                continue
            key = tuple(record.get(k) for k in keys)
            if unless_none and None in key:
                continue
            if not all(isinstance(value, str | int | float | None) for value in key):
                continue  # a value of the wrong kind, reported by check()
            if key in seen:
                shown = ", ".join(f"{k} “{v}”" for k, v in zip(keys, key, strict=True))
                self.problem(f"{where or section}[{index}]", f"duplicate: {shown}")
            seen.add(key)

    def check(self, kind, where, record):
        if not isinstance(record, dict):
            self.problem(where, "must be an object")
            return
        model, fields, refs, lists = RECORDS[kind]
        extra = {"people": ["alt_names"]}.get(kind, []) + OPTIONAL_TEXT.get(kind, [])
        allowed = set(fields) | set(refs) | set(lists) | set(extra) | set(CHILDREN.get(kind, []))
        for name in sorted(set(record) - allowed):
            self.problem(f"{where}.{name}", "unknown field")
        for name in [*fields, *OPTIONAL_TEXT.get(kind, [])]:
            if name not in record:
                if name in fields:
                    self.problem(f"{where}.{name}", "missing")
                continue
            try:
                record[name] = stored_value(model._meta.get_field(name), record[name])
            except ValidationError as error:
                self.problem(f"{where}.{name}", " ".join(error.messages))
        for name, (section, optional) in refs.items():
            value = record.get(name)
            if value is None:
                if not optional:
                    self.problem(f"{where}.{name}", "missing")
            elif not isinstance(value, str):
                self.problem(f"{where}.{name}", f"must be the slug of a {KIND_NAMES[section]}")
            elif value not in self.known[section]:
                self.problem(f"{where}.{name}", f"unknown {KIND_NAMES[section]} “{value}”")
        for name, section in lists.items():
            values = record.get(name, [])
            if not isinstance(values, list):
                self.problem(f"{where}.{name}", "must be a list of slugs")
                continue
            for value in values:
                if not isinstance(value, str):
                    self.problem(f"{where}.{name}", "must be a list of slugs")
                elif value not in self.known[section]:
                    self.problem(f"{where}.{name}", f"unknown {KIND_NAMES[section]} “{value}”")
        if kind == "people":
            names = record.get("alt_names", [])
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                self.problem(f"{where}.alt_names", "must be a list of names")
                names = []
            for index, name in enumerate(names):
                if message := text_problem(name):
                    self.problem(f"{where}.alt_names[{index}]", message)
        if (
            kind == "results"
            and record.get("organization") is None
            and not record.get("units_described")
        ):
            self.problem(where, "names no organization and describes no units")
        for child in CHILDREN.get(kind, []):
            rows = record.get(child)
            if not isinstance(rows, list):
                self.problem(f"{where}.{child}", "missing, or not a list")
                continue
            for index, row in enumerate(rows):
                self.check(child, f"{where}.{child}[{index}]", row)
            # Rows are matched by these keys: two alike would be written as one.
            for keys, unless_none in ROW_KEYS[child]:
                self.check_unique(rows, child, keys, f"{where}.{child}", unless_none)

    def check_topic_names(self, topics):
        """No two topics have one name, nor one name in Chinese: neither in the file, nor
        a topic of the file and one in the database, unless the file renames that one too."""
        records = [t for t in topics if isinstance(t, dict)]
        self.check_unique(topics, "topics", ["name"])
        named_in_chinese = [t if isinstance(t, dict) and t.get("name_zh") else None for t in topics]
        self.check_unique(named_in_chinese, "topics", ["name_zh"])
        for field in ("name", "name_zh"):
            # What the file makes of each topic's name; a name it leaves out stays as it is.
            names_in_file = {
                t["slug"]: t[field]
                for t in records
                if isinstance(t.get("slug"), str) and field in t
            }
            holders = dict(Topic.objects.exclude(**{field: ""}).values_list(field, "slug"))
            for index, record in enumerate(topics):
                if not isinstance(record, dict):
                    continue
                name, slug = record.get(field), record.get("slug")
                holder = holders.get(name) if isinstance(name, str) and name else None
                if holder and holder != slug and names_in_file.get(holder, name) == name:
                    self.problem(
                        f"topics[{index}]{_label(record)}.{field}",
                        f"“{name}” is already the {FIELD_WORDS[field]} of the topic “{holder}”",
                    )


FIELD_WORDS = {"name": "name", "name_zh": "name in Chinese"}


def _label(record):
    if isinstance(record, dict) and (record.get("slug") or record.get("old_slug")):
        return f" “{record.get('slug') or record.get('old_slug')}”"
    return ""


def check(document):
    return Checker(document).run()


def load(document):
    """Check `document`, then write it in one transaction; return counts of what changed."""
    problems = check(document)
    if problems:
        raise ImportRejected(problems)
    # One version per changed record, added by the writer: recording every row as it
    # is saved would serialize each meeting once per row.
    try:
        with transaction.atomic(), reversion.create_revision(manage_manually=True):
            reversion.set_comment("Imported from an export file.")
            return Writer(document).run()
    except (IntegrityError, DataError) as error:  # a rule the check does not foresee
        raise ImportRejected([Problem("database", f"refused the file: {error}")]) from error


class Writer:
    """Writes a document that the Checker has passed, with the values it stored."""

    def __init__(self, document):
        self.document = document
        self.changed = {section: set() for section in SECTIONS}
        self.by_slug = {}

    def run(self):
        doc = self.document
        self.save_tree("columns", Column, doc["columns"], ["name", "order"])
        self.save_simple("topics", Topic, doc["topics"], ["name", "description"])
        self.save_tree("organizations", Organization, doc["organizations"], ["name", "kind"])
        for row in doc["people"]:
            self.upsert(
                "people",
                Person,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "alt_names": "\n".join(row.get("alt_names", [])),
                },
            )
        self.by_slug["people"] = Person.objects.in_bulk(field_name="slug")
        # Redirects have no history of their own (django-reversion does not follow them;
        # restoring a version reads the live ones, see revisions._kept_person).
        for row in doc["person_redirects"]:
            self.upsert(
                "person_redirects",
                PersonRedirect,
                {"old_slug": row["old_slug"]},
                {"person_id": self.by_slug["people"][row["person"]].pk},
                record=False,
            )
        for row in doc["meetings"]:
            self.save_meeting(row)
        return {section: len(keys) for section, keys in self.changed.items()}

    def upsert(self, section, model, lookup, values, record=True):
        """Create or update one record, saving only when something differs.

        With `record`, a saved record is added to the revision at once; a meeting is
        added after its rows are written, so that its version holds them.
        """
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
        elif all(getattr(obj, name) == value for name, value in values.items()):
            return obj
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        self.changed[section].add(obj.pk)
        if record:
            reversion.add_to_revision(obj)
        return obj

    def values(self, section, row, fields):
        """The values of `fields`, and of the optional fields the row gives."""
        given = [f for f in OPTIONAL_TEXT.get(section, []) if f in row]
        return {f: row[f] for f in [*fields, *given]}

    def save_simple(self, section, model, rows, fields):
        for row in rows:
            self.upsert(section, model, {"slug": row["slug"]}, self.values(section, row, fields))
        self.by_slug[section] = model.objects.in_bulk(field_name="slug")

    def save_tree(self, section, model, rows, fields):
        """Records with a parent: all of them first, then the links between them."""
        for row in rows:
            self.upsert(section, model, {"slug": row["slug"]}, self.values(section, row, fields))
        by_slug = model.objects.in_bulk(field_name="slug")
        for row in rows:
            parent = by_slug[row["parent"]].pk if row.get("parent") else None
            self.upsert(section, model, {"slug": row["slug"]}, {"parent_id": parent})
        self.by_slug[section] = model.objects.in_bulk(field_name="slug")

    def pk(self, section, slug):
        return self.by_slug[section][slug].pk if slug else None

    def topics(self, slugs):
        return {self.pk("topics", slug) for slug in slugs}

    def save_meeting(self, row):
        values = {name: row[name] for name in RECORDS["meetings"][1] if name != "slug"}
        values["column_id"] = self.pk("columns", row["column"])
        values["issued_by_id"] = self.pk("organizations", row.get("issued_by"))
        meeting = self.upsert("meetings", Meeting, {"slug": row["slug"]}, values, record=False)
        touched = self.sync_topics(meeting, row.get("topics", []))
        touched |= self.sync(
            meeting.attendances.all(),
            row["attendance"],
            key_fields=("person_id", "role"),
            build=lambda a: {
                "person_id": self.pk("people", a["person"]),
                "role": a["role"],
                "title": a["title"],
                "organization_id": self.pk("organizations", a.get("organization")),
                "order": a["order"],
            },
            create=lambda values: Attendance.objects.create(meeting=meeting, **values),
        )[0]
        touched |= self.sync(
            meeting.directives.all(),
            row["directives"],
            key_fields=("order", "issued_by_id", "text"),
            build=lambda d: {
                "issued_by_id": self.pk("people", d["issued_by"]),
                "verb": d["verb"],
                "text": d["text"],
                "order": d["order"],
                "topics": self.topics(d.get("topics", [])),
            },
            create=lambda values: Directive.objects.create(meeting=meeting, **values),
        )[0]
        touched |= self.sync_reports(meeting, row["reports"])
        if touched:
            self.changed["meetings"].add(meeting.pk)
        if meeting.pk in self.changed["meetings"]:
            reversion.add_to_revision(meeting)

    def sync_topics(self, obj, slugs):
        wanted = self.topics(slugs)
        if set(obj.topics.values_list("pk", flat=True)) != wanted:
            obj.topics.set(wanted)
            return True
        return False

    def sync(self, existing, rows, key_fields, build, create, place=lambda v: v["order"]):
        """Make the rows of `existing` match `rows`, matched on `key_fields`.

        Pages show rows by `place` (their order), then as entered (by pk); rows of one
        place are shown in the file's order. Where the rows kept would not be (the file
        lists them differently), they are all written anew in that order.
        Returns whether anything changed, and each row's record and row in that order.
        """
        current = {tuple(getattr(obj, f) for f in key_fields): obj for obj in existing}
        changed = False
        wanted = {}
        for row in rows:
            values = build(row)
            wanted[tuple(values[f] for f in key_fields)] = (values, row)
        wanted = dict(sorted(wanted.items(), key=lambda item: place(item[1][0])))
        for k, obj in current.items():
            if k not in wanted:
                obj.delete()
                changed = True
        if not _keeps_order(wanted, current, place):
            for k in list(current):
                if k in wanted:
                    current.pop(k).delete()
            changed = True
        written = []
        for k, (values, row) in wanted.items():
            values = dict(values)
            topics = values.pop("topics", None)
            obj = current.get(k)
            if obj is None:
                obj = create(values)
                changed = True
            elif any(getattr(obj, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(obj, name, value)
                obj.save()
                changed = True
            if topics is not None and set(obj.topics.values_list("pk", flat=True)) != topics:
                obj.topics.set(topics)
                changed = True
            written.append((obj, row))
        return changed, written

    def sync_reports(self, meeting, rows):
        changed, written = self.sync(
            meeting.reports.all(),
            rows,
            key_fields=("order", "reporter_id", "subject"),
            build=lambda r: {
                "order": r["order"],
                "reporter_id": self.pk("people", r["reporter"]),
                "subject": r["subject"],
                "period": r["period"],
                "summary": r["summary"],
                "topics": self.topics(r.get("topics", [])),
            },
            create=lambda values: AssessmentReport.objects.create(meeting=meeting, **values),
        )
        for report, row in written:
            changed |= self.sync_results(report, row["results"])
        return changed

    def sync_results(self, report, rows):
        return self.sync(
            report.results.all(),
            rows,
            key_fields=("organization_id", "units_described", "standing", "award"),
            build=lambda x: {
                "organization_id": self.pk("organizations", x.get("organization")),
                "units_described": x["units_described"],
                "standing": x["standing"],
                "award": x["award"],
                "rank": x["rank"],
                "score": x["score"],
                "note": x["note"],
            },
            create=lambda values: AssessmentResult.objects.create(report=report, **values),
            place=lambda v: (v["rank"] is None, v["rank"] or 0),  # ranked first, by rank
        )[0]


def _keeps_order(wanted, current, place):
    """Whether the rows `wanted` (in the order to show them) would be shown in that order
    if the `current` rows they match were kept: rows of one place are shown by pk, and a
    new row's pk comes after every existing one's."""
    shown = [
        (place(values), k not in current, current[k].pk if k in current else index)
        for index, (k, (values, _row)) in enumerate(wanted.items())
    ]
    return shown == sorted(shown)
