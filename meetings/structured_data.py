"""schema.org data for an article page: a NewsArticle about an Event (the meeting)."""

from django.utils import timezone


def article_json_ld(meeting, request):
    """Names are given in the article's language, as its text prints them."""
    language = meeting.language
    url = request.build_absolute_uri(meeting.get_absolute_url())
    organizer = (
        {"@type": "GovernmentOrganization", "name": meeting.issued_by.name_in(language)}
        if meeting.issued_by
        else None
    )
    event = {
        "@type": "Event",
        "@id": f"{url}#meeting",
        "name": meeting.title,
        "startDate": meeting.held_on.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": url,
        "inLanguage": meeting.language,
        "location": {
            "@type": "Place",
            "name": meeting.location or meeting.column.name_in(language),
        },
        "attendee": [
            {"@type": "Person", "name": a.person.name_in(language), "jobTitle": a.title}
            for a in meeting.attendances.all()
        ],
    }
    article = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "headline": meeting.title[:110],
        "description": meeting.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": meeting.language,
        "datePublished": timezone.localtime(meeting.published_at).isoformat()
        if meeting.published_at
        else None,
        "dateModified": timezone.localtime(meeting.revised_at or meeting.published_at).isoformat()
        if meeting.published_at
        else None,
        "articleSection": meeting.column.name_in(language),
        "keywords": [t.name_in(language) for t in meeting.topics.all()],
        "about": {"@id": f"{url}#meeting"},
    }
    if organizer:
        event["organizer"] = organizer
        article["publisher"] = organizer
        article["author"] = organizer
    return {"@context": "https://schema.org", "@graph": [article, event]}
