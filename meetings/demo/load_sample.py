"""Load the sample article's records; running it again changes nothing.

The sample is expressed as an export document and written by the importer, which
checks it, saves only what differs and records a revision.
"""

import datetime

from ..interchange import FORMAT, VERSION
from ..interchange.load import load
from ..models import Meeting
from . import sample


def sample_document():
    meeting = dict(sample.MEETING)
    published_at = meeting.pop("published_at").astimezone(datetime.UTC)
    return {
        "format": FORMAT,
        "version": VERSION,
        "columns": [
            {"slug": slug, "name": name, "name_zh": name_zh, "parent": parent, "order": order}
            for slug, name, name_zh, parent, order in sample.COLUMNS
        ],
        "topics": [
            {
                "slug": slug,
                "name": name,
                "name_zh": name_zh,
                "description": description,
                "description_zh": description_zh,
            }
            for slug, name, name_zh, description, description_zh in sample.TOPICS
        ],
        "organizations": [
            {"slug": slug, "name": name, "name_zh": name_zh, "kind": kind, "parent": parent}
            for slug, name, name_zh, kind, parent in sample.ORGANIZATIONS
        ],
        "people": [
            {
                "slug": slug,
                "name": name,
                "alt_names": [a for a in [sample.ALT_NAMES.get(slug)] if a],
            }
            for name, slug, *_ in sample.ATTENDANCE
        ],
        "person_redirects": [],
        "meetings": [
            {
                **meeting,
                "held_on": meeting["held_on"].isoformat(),
                "location": "",
                "body": "",
                "status": "published",
                "published_at": published_at.isoformat(),
                "withdrawn_at": None,
                "withdrawn_reason": "",
                "revised_at": None,
                "index_number": "",
                "issued_by": None,
                "document_number": "",
                "attendance": [
                    {
                        "person": person,
                        "role": role,
                        "title": title,
                        "organization": organization,
                        "order": order,
                    }
                    for order, (_, person, role, title, organization) in enumerate(
                        sample.ATTENDANCE
                    )
                ],
                "reports": [
                    {
                        "reporter": reporter,
                        "subject": subject,
                        "period": period,
                        "topics": topics,
                        "summary": "",
                        "order": order,
                        "results": [
                            {
                                "organization": None,
                                "units_described": units,
                                "standing": standing,
                                "award": award,
                                "rank": None,
                                "score": None,
                                "note": "",
                            }
                            for units, standing, award in results
                        ],
                    }
                    for order, (reporter, subject, period, topics, results) in enumerate(
                        sample.REPORTS
                    )
                ],
                "directives": [
                    {
                        "issued_by": person,
                        "verb": verb,
                        "text": text,
                        "topics": topics,
                        "order": order,
                    }
                    for order, (person, verb, text, topics) in enumerate(sample.DIRECTIVES)
                ],
            }
        ],
    }


def load_sample():
    """Create or update every record of the sample meeting; return the meeting."""
    load(sample_document())
    return Meeting.objects.get(slug=sample.MEETING["slug"])
