"""Arrange a meeting's rows into the sentences of a government-affairs article.

The article page prints attendees role by role, with people who share a title
named together before it ("An Lu, Hu Jun, deputy directors of ..."), and reports
with the same subject in a row as one sentence ("Hu Jun, ... respectively
reported ..."). These helpers work on prefetched rows and run no queries.
"""

from dataclasses import dataclass, field
from itertools import groupby

from .models import AssessmentResult, Attendance, Column, Directive, Organization, Person, Topic

# What an article prints of the records it names, for links and breadcrumbs: a save that
# changes none of these leaves every article as it was (see signals.names_saved).
PRINTED_NAMES = {
    # A person's name_zh is worked out from alt_names (both are read: see signals.note_names).
    Person: ("name", "name_zh", "slug"),
    Organization: ("name", "name_zh", "slug"),
    Topic: ("name", "name_zh", "slug"),
    Column: ("name", "name_zh", "slug", "parent_id"),
}

# The order in which the article's opening paragraph names the roles.
OPENING_ROLES = [
    Attendance.Role.SPEECH,
    Attendance.Role.ATTENDED,
    Attendance.Role.PRESIDED,
]
PROCEEDINGS_ROLES = [Attendance.Role.REPORTED, Attendance.Role.STATEMENT]


@dataclass
class TitleRun:
    """People printed one after another under the same title."""

    title: str
    people: list = field(default_factory=list)


@dataclass
class RoleSentence:
    role: str
    runs: list


def title_runs(attendances):
    return [
        TitleRun(title, [a.person for a in group])
        for title, group in groupby(attendances, key=lambda a: a.title)
    ]


def role_sentences(attendances, roles):
    """One sentence per role that has attendees, in the order of `roles`."""
    sentences = []
    for role in roles:
        rows = [a for a in attendances if a.role == role]
        if rows:
            sentences.append(RoleSentence(role, title_runs(rows)))
    return sentences


@dataclass
class ReportRun:
    """Consecutive reports of one subject and period, printed as one sentence."""

    subject: str
    period: str
    reports: list

    @property
    def reporters(self):
        return [r.reporter for r in self.reports]

    @property
    def results(self):
        return [result for report in self.reports for result in report.results.all()]

    @property
    def topics(self):
        seen = {}
        for report in self.reports:
            for topic in report.topics.all():
                seen.setdefault(topic.pk, topic)
        return list(seen.values())


def report_runs(reports):
    return [
        ReportRun(subject, period, list(group))
        for (subject, period), group in groupby(reports, key=lambda r: (r.subject, r.period))
    ]


def awarded_units(reports, award):
    """The units that received `award` across the meeting's reports, in report order."""
    return [
        result for report in reports for result in report.results.all() if result.award == award
    ]


def article_context(meeting):
    """The template context for one prefetched meeting (see MeetingQuerySet.for_article)."""
    attendances = list(meeting.attendances.all())
    reports = list(meeting.reports.all())
    opening = role_sentences(attendances, OPENING_ROLES)
    # Someone recorded as having reported who gave an assessment report is named in the
    # report's sentence already: "Hu Jun reported the results…; Hu Jun reported;" not.
    reporters = {report.reporter_id for report in reports}
    proceedings = [
        a
        for a in attendances
        if not (a.role == Attendance.Role.REPORTED and a.person_id in reporters)
    ]
    return {
        "opening_sentences": opening,
        "opening_has_attended": any(s.role == Attendance.Role.ATTENDED for s in opening),
        "proceedings_sentences": role_sentences(proceedings, PROCEEDINGS_ROLES),
        "report_runs": report_runs(reports),
        "red_flags": awarded_units(reports, AssessmentResult.Award.RED_FLAG),
        "yellow_cards": awarded_units(reports, AssessmentResult.Award.YELLOW_CARD),
        "directives": directives_in_article_language(meeting),
    }


def directives_in_article_language(meeting):
    """The meeting's directives, each with `verb_label`: its verb in the article's own
    language ("required", "要求"), whatever the language of the page around it, whose
    links stay in the page's language."""
    verbs = Directive.sentence_verbs(meeting.language)
    directives = list(meeting.directives.all())
    for directive in directives:
        directive.verb_label = verbs.get(directive.verb, directive.verb)
    return directives
