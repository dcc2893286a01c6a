"""The meeting record: one module per group of entities, re-exported here."""

from .article_versions import ArticleVersion, NamesVersion
from .assessment import AssessmentReport, AssessmentResult
from .attendance import Attendance
from .award_tally import AllYearsAwardTally, AwardTally, YearlyAwardTally
from .directive import Directive
from .meeting import (
    Meeting,
    MeetingQuerySet,
    meeting_link_fields,
    newest_meeting_first,
    published_q,
)
from .merge import merge_people
from .people import Organization, Person, PersonRedirect
from .search_backlog import SearchBacklogEntry
from .site import Column, Topic
from .tally import MeetingTally

__all__ = [
    "AllYearsAwardTally",
    "ArticleVersion",
    "AssessmentReport",
    "AssessmentResult",
    "Attendance",
    "AwardTally",
    "Column",
    "Directive",
    "Meeting",
    "MeetingQuerySet",
    "MeetingTally",
    "NamesVersion",
    "Organization",
    "Person",
    "PersonRedirect",
    "SearchBacklogEntry",
    "Topic",
    "YearlyAwardTally",
    "meeting_link_fields",
    "merge_people",
    "newest_meeting_first",
    "published_q",
]
