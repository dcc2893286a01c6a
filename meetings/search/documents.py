"""What search reads of a meeting: four weighted texts, built from the structured rows.

A: the title. B: the lead and topic names. C: directives, report subjects, attendee
names (with their other names), titles (a Chinese one with the Chinese name), each
directive's verb and each role but "attended" after its person's name in both languages,
and "attended the meeting" once. D: the
further text, unnamed attendees and statements, location, the units assessed and their
standings and awards.
"""

import functools

from django.db.models import Prefetch
from django.utils import translation

from ..models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Directive,
    Meeting,
    Organization,
    Person,
    Topic,
)
from .text import CJK_RUN, segment

# What a document reads of the records a meeting names (see compose): a save that
# changes none of these leaves the documents of their meetings as they are.
SEARCHED_NAMES = {
    Person: ("name", "alt_names"),
    Topic: ("name", "name_zh"),
    Organization: ("name", "name_zh"),
}


def meetings_for_indexing(pks):
    return (
        Meeting.objects.filter(pk__in=pks)
        .only(
            "title",
            "summary",
            "body",
            "other_attendees",
            "other_statements",
            "location",
        )
        .prefetch_related(
            "topics",
            Prefetch("attendances", Attendance.objects.select_related("person")),
            Prefetch("directives", Directive.objects.select_related("issued_by")),
            Prefetch(
                "reports",
                AssessmentReport.objects.select_related("reporter").prefetch_related(
                    Prefetch(
                        "results",
                        AssessmentResult.objects.select_related("organization"),
                    )
                ),
            ),
        )
    )


def document(meeting):
    """The (A, B, C, D) texts of a meeting prefetched by meetings_for_indexing."""
    return compose(
        meeting,
        topics=meeting.topics.all(),
        attendances=meeting.attendances.all(),
        reports=[(report, report.results.all()) for report in meeting.reports.all()],
        directives=meeting.directives.all(),
    )


def compose(meeting, topics, attendances, reports, directives):
    """The (A, B, C, D) texts from a meeting and its rows, Chinese segmented into bigrams.

    `reports` holds (report, results) pairs. The rows need not be saved, so a bulk
    loader can index what it is about to write without reading it back.
    """
    people = []
    roles = role_labels()
    attended = roles[Attendance.Role.ATTENDED]
    for attendance in attendances:
        person = attendance.person
        people += [person.name, person.alt_names, title_as_printed(attendance.title, person)]
        if attendance.role != Attendance.Role.ATTENDED:  # "陈强主持会议", "冯杰出席会议并讲话"
            people += as_printed(person, roles[attendance.role])
    # Most attendees only attended: the words once, not after each of their names, keep
    # the document (and a bulk seed) small.
    if any(attendance.role == Attendance.Role.ATTENDED for attendance in attendances):
        people += attended
    for report, _results in reports:
        reporter = report.reporter
        people += [
            reporter.name,
            reporter.alt_names,
            *as_printed(reporter, roles[Attendance.Role.REPORTED]),
        ]
    spoken = []
    verbs = verb_labels()
    for directive in directives:
        person = directive.issued_by
        # "Chen Qiang required" and "陈强要求", as articles print them
        spoken += [directive.text, *as_printed(person, verbs[directive.verb]), person.alt_names]
    subjects = [f"{report.subject} {report.period}" for report, _results in reports]
    units = []
    standings, awards = result_labels("standing"), result_labels("award")
    for _report, results in reports:
        for result in results:
            units.append(result.unit_name)
            if result.organization_id is not None:
                units.append(result.organization.name_zh)
            units += [standings.get(result.standing), awards.get(result.award)]
    texts = (
        [meeting.title],
        [meeting.summary, *(name for topic in topics for name in (topic.name, topic.name_zh))],
        [*spoken, *subjects, *people],
        [meeting.body, meeting.other_attendees, meeting.other_statements, meeting.location, *units],
    )
    return tuple(segment("\n".join(filter(None, parts))) for parts in texts)


def title_as_printed(title, person):
    """An attendee's title, and in Chinese the person's Chinese name after it, as a
    Chinese article prints them ("县委书记冯杰"): so that the characters where the two
    meet are searched too."""
    name = person.name_in("zh-hans")
    if CJK_RUN.search(title) and CJK_RUN.search(name):
        return f"{title}{name}"
    return title


def as_printed(person, labels):
    """A person's name with what they did after it, in English and in Chinese as an
    article prints them: ("Chen Qiang required", "陈强要求")."""
    english, chinese = labels
    return f"{person.name} {english}", f"{person.name_in('zh-hans')}{chinese}"


def labels_in_both_languages(choices):
    """{value: (its label in English, in Chinese)} for a field's `choices`."""
    labels = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for value, label in choices:
                labels.setdefault(value, []).append(str(label))
    return {value: tuple(pair) for value, pair in labels.items()}


@functools.cache
def verb_labels():
    """A directive's verbs in both languages ("stressed", "强调"), so that what a leader
    stressed, required or pointed out is found by those words."""
    return labels_in_both_languages(Directive.Verb.choices)


@functools.cache
def role_labels():
    """An attendee's roles in both languages ("presided over the meeting", "主持会议"), so
    that who presided, spoke, reported or made a statement is found by those words."""
    return labels_in_both_languages(Attendance.Role.choices)


@functools.cache
def result_labels(field_name):
    """{value: its label in English and in Chinese} for an assessment result's standing
    or award, as the results table and the articles print them ("mobile red flag 流动红旗"),
    but for the default that says nothing (other, none)."""
    field = AssessmentResult._meta.get_field(field_name)
    labels = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for value, label in field.choices:
                if value != field.default:
                    labels[value] = f"{labels.get(value, '')} {label}".strip()
    return labels
