"""The meeting record: one module per group of entities, re-exported here."""

from .assessment import AssessmentReport, AssessmentResult
from .attendance import Attendance
from .directive import Directive
from .meeting import Meeting, MeetingQuerySet, published_q
from .people import Organization, Person
from .site import Column, Topic

__all__ = [
    "AssessmentReport",
    "AssessmentResult",
    "Attendance",
    "Column",
    "Directive",
    "Meeting",
    "MeetingQuerySet",
    "Organization",
    "Person",
    "Topic",
    "published_q",
]
