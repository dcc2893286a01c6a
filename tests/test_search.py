"""One search, three ways in: by attendee, by topic and by free text, on either database."""

import datetime
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import signals
from meetings.models import Attendance, Meeting, SearchBacklogEntry
from meetings.search.engines import engine, sqlite_has_fts5
from tests.browse_data import build_browse_data
from tests.factories import (
    edit,
    make_attendance,
    make_directive,
    make_meeting,
    make_organization,
    make_person,
    make_report,
    make_result,
)

LIST = reverse("meetings:meeting_list")


@pytest.fixture
def data(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_browse_data()


def found(client, query, **params):
    response = client.get(LIST, {"q": query, **params})
    assert response.status_code == 200, response.content.decode()[:1500]
    return {m.title for m in response.context["page_obj"].object_list}


FENG_JIE = {"Safety production work meeting", "县安全生产专题会议"}


@pytest.mark.parametrize("query", ["Feng Jie", "feng jie", "Feng", "冯杰", "Feng Jei"])
def test_search_by_attendee_full_partial_chinese_and_misspelled(client, data, query):
    assert found(client, query) == FENG_JIE


def test_namesakes_among_the_best_matches_are_told_apart_by_their_title(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        judge, director = make_person("Ma Haiyan"), make_person("Ma Haiyan")
        make_attendance(make_meeting("Court meeting"), judge, title="president of the court")
        make_attendance(make_meeting("Congress meeting"), director, title="director")
        make_attendance(make_meeting("A draft", published=False), director, title="secret post")
        alone = make_person("Qin Lan")
        make_attendance(make_meeting("Another meeting"), alone, title="county head")
    html = client.get(LIST, {"q": "Ma Haiyan"}).content.decode()
    assert "Ma Haiyan</a> · <span>president of the court</span>" in html
    assert "Ma Haiyan</a> · <span>director</span>" in html
    assert "secret post" not in html
    alone_html = client.get(LIST, {"q": "Qin Lan"}).content.decode()
    assert "Qin Lan</a></li>" in alone_html, "no title where the name is not shared"
    chinese = make_meeting(
        "县人民法院工作会议", language="zh-hans", held_on=datetime.date(2020, 1, 1)
    )
    make_attendance(chinese, judge, title="县人民法院院长")
    chinese_html = client.get("/zh-hans/meetings/", {"q": "Ma Haiyan"}).content.decode()
    assert "Ma Haiyan</a> · <span>县人民法院院长</span>" in chinese_html, "in the page's language"
    assert 'Ma Haiyan</a> · <span lang="en">director</span>' in chinese_html, "or as printed"


def test_a_partial_name_finds_the_person(client, data):
    assert found(client, "Zhang Xiao") == {"Investment promotion conference"}
    assert found(client, "张晓") == {"Investment promotion conference"}


@pytest.fixture
def namesakes(db, django_capture_on_commit_callbacks):
    """Meetings of people whose names share words: Zhou Min, and a Zhou Wei beside a
    Li Min; He Tao ("he" is an English stop word) and Sun Tao; two people named Wang
    Fang; and a meeting whose text alone names Zhou Min."""
    with django_capture_on_commit_callbacks(execute=True):
        zhou_min = make_person("Zhou Min", alt_names="周敏")
        make_attendance(make_meeting("Zhou Min attends"), zhou_min)
        apart = make_meeting("Zhou Wei and Li Min attend")
        make_attendance(apart, make_person("Zhou Wei"))
        make_attendance(apart, make_person("Li Min"))
        he_tao = make_meeting("He Tao attends", summary="The county held a meeting; He Tao spoke.")
        make_attendance(he_tao, make_person("He Tao"))
        make_attendance(make_meeting("Sun Tao attends"), make_person("Sun Tao"))
        make_report(make_meeting("One Wang Fang reports"), make_person("Wang Fang"))
        make_directive(make_meeting("Another Wang Fang directs"), make_person("Wang Fang"))
        make_meeting("Zhou Min is mentioned", body="The experience of Zhou Min was praised.")
        grace = make_person("Lin Grace", alt_names="Grace\n林格蕾")
        make_attendance(make_meeting("Lin Grace attends"), grace)
        make_meeting("Grace is mentioned", body="A grace period was granted.")
        xiao_ming = make_meeting("Xiao-ming attends", summary="Li Xiao-ming held a review.")
        make_attendance(xiao_ming, make_person("Li Xiao-ming"))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Zhou Min", {"Zhou Min attends"}),
        ("zhou   min", {"Zhou Min attends"}),
        ("He Tao", {"He Tao attends"}),
        ("Wang Fang", {"One Wang Fang reports", "Another Wang Fang directs"}),
        ("li xiao-ming", {"Xiao-ming attends"}),
    ],
)
def test_a_full_name_finds_the_meetings_of_the_people_so_named(client, namesakes, query, expected):
    assert found(client, query) == expected


def test_a_full_name_lists_the_persons_meetings_newest_first(
    client, db, django_capture_on_commit_callbacks
):
    """Every meeting found records the person, so none is more relevant than another:
    an older meeting that repeats the name does not come first."""
    with django_capture_on_commit_callbacks(execute=True):
        qian = make_person("Qian Lu")
        talked_about = make_meeting(
            "Qian Lu, Qian Lu and Qian Lu",
            held_on=datetime.date(2023, 5, 1),
            summary="Qian Lu reported; Qian Lu was thanked; Qian Lu closed.",
        )
        make_attendance(talked_about, qian)
        make_attendance(make_meeting("Recent meeting", held_on=datetime.date(2024, 6, 1)), qian)
        make_attendance(make_meeting("Older meeting", held_on=datetime.date(2022, 1, 1)), qian)

    def titles(**params):
        response = client.get(LIST, {"q": "Qian Lu", **params})
        return [meeting.title for meeting in response.context["page_obj"]]

    newest_first = ["Recent meeting", "Qian Lu, Qian Lu and Qian Lu", "Older meeting"]
    assert titles() == newest_first
    assert titles(sort="relevance") == newest_first
    assert titles(sort="oldest") == newest_first[::-1]
    phrase = client.get(LIST, {"q": '"Qian Lu"'}).context["page_obj"]
    assert phrase[0].title == "Qian Lu, Qian Lu and Qian Lu", "a phrase is ranked by the text"


def test_a_full_name_says_what_it_found_and_links_to_the_name_as_a_phrase(client, namesakes):
    html = client.get(LIST, {"q": "Zhou Min"}).content.decode()
    assert "These are the meetings that record someone named “Zhou Min”." in html
    assert '<a href="?q=%22Zhou+Min%22&amp;page=1">Find “Zhou Min” anywhere in the text</a>' in html
    assert found(client, '"Zhou Min"') == {"Zhou Min attends", "Zhou Min is mentioned"}
    for query in ['"Zhou Min"', "Zhou", "Zhou Min praised"]:
        assert "that record someone named" not in client.get(LIST, {"q": query}).content.decode()
    he_tao = client.get(LIST, {"q": "He Tao"}).context["page_obj"][0]
    assert he_tao.snippet == "The county held a meeting; <mark>He Tao</mark> spoke."
    xiao_ming = client.get(LIST, {"q": "li  xiao-ming"}).context["page_obj"][0]
    assert xiao_ming.snippet == "<mark>Li Xiao-ming</mark> held a review."
    chinese = client.get("/zh-hans/meetings/", {"q": "Zhou Min"}).content.decode()
    assert "以下是记录了名为“Zhou Min”的人员的会议。" in chinese
    assert "that record someone named" not in client.get(LIST, {"q": "周敏"}).content.decode()


def test_a_person_entered_only_in_a_draft_changes_no_search(
    client, db, django_capture_on_commit_callbacks
):
    """An editor enters Wang Secretname for a meeting still in draft. Searching the name
    neither tells the public that someone of that name is on record nor hides the
    published meeting whose text mentions the name."""
    with django_capture_on_commit_callbacks(execute=True):
        make_attendance(
            make_meeting("Draft meeting", published=False), make_person("Wang Secretname")
        )
        make_meeting("Letters answered", body="A letter from Wang Secretname was answered.")
    response = client.get(LIST, {"q": "Wang Secretname"})
    assert "that record someone named" not in response.content.decode()
    assert {meeting.title for meeting in response.context["page_obj"]} == {"Letters answered"}
    assert list(response.context["matching_people"]) == []


@pytest.fixture
def chen_qiang(db, django_capture_on_commit_callbacks):
    """Three meetings of Chen Qiang's, one about fire, one held in a flood; and a fire
    drill without him."""
    with django_capture_on_commit_callbacks(execute=True):
        chen = make_person("Chen Qiang", alt_names="陈强")
        for title, summary in [
            ("Flood control meeting", "The county held a meeting on the flood."),
            ("Fire inspection review", "The fire inspections of the schools were reviewed."),
            ("Budget review", "The budget for next year was reviewed."),
        ]:
            make_attendance(make_meeting(title, summary=summary), chen)
        make_meeting("Fire drill", summary="A fire drill took place in every school.")


def test_a_name_with_other_words_finds_the_persons_meetings_that_have_them(client, chen_qiang):
    """Someone who types a person's name, spelled right or not, with other words or
    with words to exclude, gets the person's meetings that match those words too: not
    all of them."""
    assert found(client, "Chen Qiang") == {
        "Flood control meeting",
        "Fire inspection review",
        "Budget review",
    }
    for name in ["Chen Qiang", "陈强"]:
        assert found(client, f"{name} fire") == {"Fire inspection review"}, name
        assert found(client, f"{name} fire or drill") == {"Fire inspection review", "Fire drill"}
    for name in ["Chen Qiang", "陈强", "Chen Qiagn"]:  # misspelled: found by resemblance
        assert found(client, f"{name} -held") == {"Fire inspection review", "Budget review"}
        assert found(client, f"{name} -held -fire") == {"Budget review"}, name
    assert found(client, "Chen Qiagn") == found(client, "Chen Qiang")


def test_excluding_a_name_finds_none_of_the_persons_meetings(client, chen_qiang):
    """ "-Chen" excludes the word, and with it every meeting of Chen Qiang's: they are not
    added back, and he is not offered as a best match for it."""
    assert found(client, "review -Chen Qiang") == set()
    assert found(client, "review -Chen") == set()
    response = client.get(LIST, {"q": "-Chen"})
    assert list(response.context["matching_people"]) == []
    response = client.get(LIST, {"q": "Chen Qiang -held"})
    assert [person.name for person in response.context["matching_people"]] == ["Chen Qiang"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ('"Zhou Min"', {"Zhou Min attends", "Zhou Min is mentioned"}),  # a phrase, anywhere
        ("Zhou", {"Zhou Min attends", "Zhou Wei and Li Min attend", "Zhou Min is mentioned"}),
        ("Tao", {"He Tao attends", "Sun Tao attends"}),
        ("周敏", {"Zhou Min attends"}),  # a phrase of bigrams: exact already
        ("Zhou Min praised", {"Zhou Min is mentioned"}),  # more words than a name
        ("Grace", {"Grace is mentioned", "Lin Grace attends"}),  # one word names nobody
    ],
)
def test_other_queries_match_the_words_wherever_they_stand(client, namesakes, query, expected):
    assert found(client, query) == expected


def test_how_a_search_reads_the_peoples_meetings(data):
    """A full name in Latin letters reads the people's own rows and matches no text:
    only their meetings are ranked. Words that every person found has in their names
    (a name in Chinese characters too) are matched and
    ranked in one pass where the engine can tell (a meeting's document carries the
    names of everyone it records), an excluded word too, since it is excluded from the
    people's meetings as from the rest. A part of a word in a name or a misspelling adds
    the people's meetings to the text matches."""
    one_pass = connection.vendor == "postgresql" or sqlite_has_fts5()

    def reads(query):
        sql = str(Meeting.objects.published().search(query).query)
        text = "@@" in sql or "SELECT rowid FROM meetings_search" in sql or "LIKE" in sql
        return {"people": "meetings_attendance" in sql, "text": text}

    assert reads("Feng Jie") == {"people": True, "text": False}
    assert reads("冯杰") == {"people": not one_pass, "text": True}, "bigrams are a phrase"
    assert reads("Feng") == {"people": not one_pass, "text": True}
    assert reads("Feng Jei") == {"people": True, "text": True}, "resembles a name"
    assert reads("Zhang Xiao") == {"people": True, "text": True}, "part of a word in a name"
    assert reads("Feng Jie -fire") == {"people": not one_pass, "text": True}
    assert reads("Feng Jei -fire") == {"people": True, "text": True}
    assert reads('"Feng Jie"') == {"people": not one_pass, "text": True}


@pytest.mark.parametrize("query", ["Feng", "冯杰", "Feng Jie -fire", "Zhang Xiao", "safety"])
def test_one_pass_finds_what_adding_the_peoples_meetings_finds(client, data, monkeypatch, query):
    in_one_pass = [m.title for m in client.get(LIST, {"q": query}).context["page_obj"]]
    cache.clear()  # the ranking just stored would answer the same words again
    monkeypatch.setattr(type(engine()), "all_match", lambda *args, **kwargs: False)
    with_people_added = [m.title for m in client.get(LIST, {"q": query}).context["page_obj"]]
    assert in_one_pass == with_people_added
    assert in_one_pass, "each of these queries finds something"


def test_a_query_matching_a_person_shows_the_person_first(client, data):
    response = client.get(LIST, {"q": "Feng Jie"})
    html = response.content.decode()
    assert html.index('href="/en/people/feng-jie/"') < html.index("meetings found")
    assert list(response.context["matching_people"]) == [data.feng]


def test_a_units_name_brings_up_its_page_among_the_best_matches(
    client, data, django_capture_on_commit_callbacks
):
    """A researcher who types a town's name finds its page of results, in either
    language; a unit named only in a draft is not offered."""
    with django_capture_on_commit_callbacks(execute=True):
        xiping = make_organization("Xiping Town", name_zh="西坪镇", slug="xiping-town")
        make_result(data.report, organization=xiping, award="yellow_card")
        hidden = make_organization("Hidden Town", slug="hidden-town")
        make_result(make_report(make_meeting("Draft", published=False)), organization=hidden)
    for query in ("Xiping", "西坪镇"):
        assert list(client.get(LIST, {"q": query}).context["matching_units"]) == [xiping]
    html = client.get(LIST, {"q": "Xiping"}).content.decode()
    assert html.index('href="/en/organizations/xiping-town/"') < html.index('class="result-count"')
    assert list(client.get(LIST, {"q": "Hidden Town"}).context["matching_units"]) == []


def test_search_by_topic_shows_the_topic_first_and_its_meetings(client, data):
    response = client.get(LIST, {"q": "safety production"})
    html = response.content.decode()
    assert html.index('href="/en/topics/safety-production/"') < html.index("meetings found")
    assert {"Safety production work meeting", "县安全生产专题会议"} <= found(
        client, "safety production"
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("fire inspections", {"Safety production work meeting"}),  # a directive's words
        ("inspection", {"Safety production work meeting"}),  # stemmed
        ("river chief", {"Ecological protection review"}),  # lead and directive
        ("third quarter assessment", {"Investment promotion conference"}),  # a report subject
        ("Dongping", {"Investment promotion conference"}),  # a unit assessed
        ("drinking water", {"Ecological protection review"}),  # the further text
        ('"work meeting"', {"Safety production work meeting"}),  # a phrase
        ("safety -fire", {"县安全生产专题会议", "Ecological protection review"}),  # excluded word
        ("fire or river", {"Safety production work meeting", "Ecological protection review"}),
    ],
)
def test_free_text_search(client, data, query, expected):
    assert found(client, query) == expected


def test_a_phrase_can_be_excluded(client, data):
    """A visitor wants the county's meetings other than those on safety production: the
    review that mentions the safety of drinking water stays, since only the phrase is
    excluded."""
    assert found(client, 'county -"safety production"') == {
        "Investment promotion conference",
        "Ecological protection review",
    }
    assert found(client, '-"safety production" county') == found(
        client, 'county -"safety production"'
    )


def test_a_query_means_the_same_on_either_database(client, data):
    """A query is read as PostgreSQL's web search reads it, on SQLite too: a possessive
    is the word itself, `or` parts the query into alternatives, and an excluded word
    belongs to its alternative ("-safety or river": any meeting without safety, or any
    on rivers)."""
    county = {
        "Safety production work meeting",
        "Investment promotion conference",
        "Ecological protection review",
    }
    assert found(client, "county") == county
    assert found(client, "county's") == found(client, "County’s") == county
    without_safety_or_on_rivers = {
        "Investment promotion conference",
        "Ecological protection review",
    }
    assert found(client, "-safety or river") == without_safety_or_on_rivers
    assert found(client, "river or -safety") == without_safety_or_on_rivers
    assert found(client, "investment or fire safety") == {
        "Investment promotion conference",
        "Safety production work meeting",
    }


def test_letters_and_digits_typed_full_width_are_the_plain_ones(
    client, data, django_capture_on_commit_callbacks
):
    """A Chinese keyboard in full-width mode types ｓａｆｅｔｙ and ２０２３年: they find
    what safety and 2023年 find, and a text written so is found by the plain ones."""
    assert found(client, "ｓａｆｅｔｙ") == found(client, "safety")
    assert found(client, "ｓａｆｅｔｙ")
    assert found(client, "２０２３年") == {"县安全生产专题会议"}
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting("Ｆｉｒｅ ｄｒｉｌｌ", body="Ｅｖｅｒｙ school took part in ２０２４年.")
    assert found(client, "fire drill") == {"Ｆｉｒｅ ｄｒｉｌｌ"}
    assert found(client, "2024年") == {"Ｆｉｒｅ ｄｒｉｌｌ"}


def test_the_awards_and_standings_an_article_prints_are_found(
    client, data, django_capture_on_commit_callbacks
):
    """Someone who read of a mobile red flag, or of a 黄牌警告, finds the meeting that
    announced it, in English or in Chinese."""
    with django_capture_on_commit_callbacks(execute=True):
        leader = make_organization("Xiping Town", name_zh="西坪镇")
        make_result(data.report, organization=leader, standing="excellent", award="red_flag")
    conference = {"Investment promotion conference"}
    for query in ["red flag", "mobile red flag", "流动红旗", "excellent", "优秀"]:
        assert found(client, query) == conference, query
    for query in ["yellow card warning", "yellow card", "黄牌", "黄牌警告", "lagging", "落后"]:
        assert found(client, query) == conference, query


def test_what_a_leader_stressed_required_or_pointed_out_is_found_by_those_words(
    client, db, django_capture_on_commit_callbacks
):
    """A reader who copies "陈强要求" or "stressed" from an article finds the meetings
    where it was said, and no other."""
    with django_capture_on_commit_callbacks(execute=True):
        chen = make_person("Chen Qiang", alt_names="陈强")
        flood = make_meeting("县防汛工作会议", language="zh-hans")
        make_directive(flood, chen, "required", "要压实防汛责任")
        harvest = make_meeting("Harvest meeting")
        make_directive(harvest, chen, "stressed", "grain must be stored dry")
        make_meeting("A meeting where nobody spoke")
    assert found(client, "陈强要求") == {"县防汛工作会议"}
    assert found(client, "要求") == {"县防汛工作会议"}
    assert found(client, "强调") == {"Harvest meeting"}
    assert found(client, "stressed") == {"Harvest meeting"}
    assert found(client, "Chen Qiang required") == {"县防汛工作会议"}


def test_who_presided_spoke_or_reported_is_found_by_the_words_an_article_prints(
    client, db, django_capture_on_commit_callbacks
):
    """ "主持会议", "讲话" and "通报" stand in every Chinese article that records them,
    and "presided" in every English one: each finds the meetings where it was done."""
    with django_capture_on_commit_callbacks(execute=True):
        chen = make_person("Chen Qiang", alt_names="陈强")
        flood = make_meeting("县防汛工作会议", language="zh-hans")
        make_attendance(flood, chen, Attendance.Role.PRESIDED, title="县长")
        harvest = make_meeting("Harvest meeting")
        make_attendance(harvest, chen, Attendance.Role.SPEECH, title="county head")
        audit = make_meeting("Audit meeting")
        make_report(audit, make_person("Liu Jie"), "third quarter results")
        budget = make_meeting("Budget meeting")
        make_attendance(budget, make_person("Lu Ping"), Attendance.Role.ATTENDED)
        make_meeting("A meeting nobody attended")
    assert found(client, "主持会议") == {"县防汛工作会议"}
    assert found(client, "陈强主持会议") == {"县防汛工作会议"}
    assert found(client, "presided") == {"县防汛工作会议"}
    assert found(client, "讲话") == {"Harvest meeting"}
    assert found(client, "made a speech") == {"Harvest meeting"}
    assert found(client, "通报") == {"Audit meeting"}
    assert found(client, "Liu Jie reported") == {"Audit meeting"}
    assert found(client, "出席会议") == {"Budget meeting", "Harvest meeting"}, "并讲话 too"


def test_a_persons_role_is_found_in_either_language_whatever_the_articles(client, data):
    """Feng Jie attended an English and a Chinese meeting: "冯杰出席" finds both, as
    "Feng Jie attended" does."""
    assert found(client, "冯杰出席") == FENG_JIE
    assert found(client, '"Feng Jie attended"') == FENG_JIE


@pytest.mark.parametrize(
    "query", ["安全生产、冯杰", "安全生产，冯杰", "安全生产；冯杰", "安全生产。冯杰", "safety,Feng"]
)
def test_words_listed_with_punctuation_are_searched_as_words_apart(client, data, query):
    """Words typed as a list ("安全生产、冯杰") are each searched, as if a space stood
    between them, not read as one phrase that no text holds."""
    apart = found(client, re.sub("[、，；。,]", " ", query))
    assert "县安全生产专题会议" in apart
    assert found(client, query) == apart


def test_either_word_is_found_with_or_written_in_chinese(client, data):
    assert found(client, "安全生产 或 招商引资") == {
        "县安全生产专题会议",
        "Investment promotion conference",
    }
    assert found(client, "安全生产 或 招商引资") == found(client, "安全生产 or 招商引资")


@pytest.mark.parametrize("query", ["安全生产", "安全", "专题会议"])
def test_chinese_text_is_found(client, data, query):
    assert found(client, query) == {"县安全生产专题会议"}


def test_a_chinese_title_and_name_are_found_as_the_article_prints_them(
    client, data, django_capture_on_commit_callbacks
):
    """A Chinese article prints "县委书记冯杰" and "县长陈强主持会议": searched so, as
    one phrase, they find the meeting."""
    assert found(client, "县委书记冯杰") == {"县安全生产专题会议"}
    with django_capture_on_commit_callbacks(execute=True):
        flood = make_meeting("县防汛工作会议", summary="县召开防汛工作会议。", language="zh-hans")
        make_attendance(flood, make_person("陈强"), Attendance.Role.PRESIDED, title="县长")
    assert found(client, "县长陈强") == {"县防汛工作会议"}
    assert found(client, "县委书记陈强") == set()


def test_topics_and_units_are_found_by_their_chinese_names(client, data):
    assert found(client, "招商引资") == {"Investment promotion conference"}
    assert found(client, "东坪镇") == {"Investment promotion conference"}
    listing = client.get(LIST, {"q": "招商"}).content.decode()
    assert 'href="/en/topics/investment-promotion/">Investment promotion</a>' in listing


def test_chinese_characters_that_are_not_adjacent_do_not_match_as_a_phrase(client, data):
    assert found(client, "安会") == set()


@pytest.mark.parametrize(
    "query, lone", [("县", "县"), ("冯 杰", "冯、杰"), ("冯、杰", "冯、杰"), ("safety -会", "会")]
)
def test_a_chinese_character_searched_alone_gets_a_clear_message(client, data, query, lone):
    """Chinese is searched by pieces of two characters, so one character alone finds
    nothing: the visitor is told so instead of being shown no meetings."""
    response = client.get(LIST, {"q": query})
    assert response.status_code == 400
    assert f"a single character ({lone}) cannot be searched on its own" in (
        response.content.decode()
    )
    chinese = client.get("/zh-hans/meetings/", {"q": query})
    assert f"单个汉字（{lone}）无法单独检索" in chinese.content.decode()
    api = client.get("/api/meetings/", {"q": query})
    assert api.status_code == 400
    assert "cannot be searched on its own" in api.json()["q"][0]
    assert "县安全生产专题会议" in found(client, "冯杰"), "two together are searched"


def test_title_matches_rank_above_matches_in_the_further_text(client, data):
    response = client.get(LIST, {"q": "safety"})
    ranked = [m.title for m in response.context["page_obj"].object_list]
    assert ranked.index("Safety production work meeting") < ranked.index(
        "Ecological protection review"
    )
    assert response.context["sort"] == "relevance"


def test_search_results_can_be_sorted_by_date(client, data):
    response = client.get(LIST, {"q": "safety", "sort": "oldest"})
    dates = [m.held_on for m in response.context["page_obj"].object_list]
    assert dates == sorted(dates)


def test_results_show_a_highlighted_snippet(client, data):
    html = client.get(LIST, {"q": "fire"}).content.decode()
    assert "<mark>fire</mark> inspections must cover every village" in html


def test_a_chinese_word_is_marked_whole(client, data):
    """县召开 is searched as the bigrams 县召 and 召开: the snippet marks the three
    characters, not two and a half, and two words side by side as one."""
    (meeting,) = client.get(LIST, {"q": "县召开"}).context["page_obj"]
    assert meeting.snippet.startswith("2023年5月5日，<mark>县召开</mark>安全生产专题会议，")
    (meeting,) = client.get(LIST, {"q": "召开 安全"}).context["page_obj"]
    assert "县<mark>召开安全</mark>生产" in meeting.snippet


def test_a_single_letter_marks_nothing(client, db, django_capture_on_commit_callbacks):
    """A letter on its own would mark the start of every word that begins with it."""
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting("Songhe", summary="Songhe County held a safety meeting, all towns attending.")
    (meeting,) = client.get(LIST, {"q": "safety a"}).context["page_obj"]
    assert meeting.snippet == (
        "Songhe County held a <mark>safety</mark> meeting, all towns attending."
    )


def test_snippets_escape_the_text_around_the_match(
    client, data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        data.m4.summary = "<b>river</b> & <script>x</script>"
        data.m4.save()
    html = client.get(LIST, {"q": "river"}).content.decode()
    assert "&lt;b&gt;<mark>river</mark>&lt;/b&gt; &amp; &lt;script&gt;" in html


def test_drafts_and_scheduled_meetings_never_appear_in_results(client, data):
    assert found(client, "draft") == set()
    assert found(client, "scheduled") == set()
    assert "Safety draft meeting" not in {
        m.title for m in Meeting.objects.published().search("Safety")
    }


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "safety AND OR NOT",
        "NEAR(a b)",
        "title:safety",
        "*",
        "(((",
        "' OR 1=1 --",
        "-",
        "or",
        "a:* & !b",
    ],
)
def test_search_syntax_fragments_never_break_the_page(client, data, query):
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200


def test_the_index_follows_every_change(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        data.m2.title = "Investment and tourism conference"
        data.m2.save()
    assert found(client, "tourism") == {"Investment and tourism conference"}

    with django_capture_on_commit_callbacks(execute=True):
        directive = data.m4.directives.get()
        directive.text = "every lake chief should patrol weekly"
        directive.save()
    assert found(client, "lake") == {"Ecological protection review"}
    assert found(client, "river chief") == {"Ecological protection review"}  # still in the lead

    with django_capture_on_commit_callbacks(execute=True):
        data.li.name = "Li Guoliang Renamed"
        data.li.save()
    assert found(client, "Renamed") == {"Ecological protection review"}

    with django_capture_on_commit_callbacks(execute=True):
        data.m4.delete()
    assert found(client, "lake") == set()


def test_only_a_new_name_rewrites_the_documents_of_its_meetings(
    client, data, django_capture_on_commit_callbacks
):
    """A topic's description, a person's or an organization's address on the site, are
    in no meeting's document: saving them leaves thousands of documents alone."""
    with django_capture_on_commit_callbacks(execute=True):
        edit(data.ecology, description="Rivers, lakes and forests.")
        edit(data.li, slug="li-guoliang-2")
        edit(data.town, slug="dongping")
        assert not SearchBacklogEntry.objects.exists(), "no document queued for rewriting"
    assert found(client, "environmental") == found(client, "Zhanggui") == set()
    assert found(client, "township") == set()
    with django_capture_on_commit_callbacks(execute=True):
        edit(data.ecology, name="Environmental protection")
        edit(data.li, alt_names="Li Zhanggui")
        edit(data.town, name="Dongping Township")
    assert "Ecological protection review" in found(client, "environmental")
    assert "Ecological protection review" in found(client, "Zhanggui")
    assert "Investment promotion conference" in found(client, "township")


def test_a_topic_taken_from_all_its_meetings_no_longer_finds_them(
    client, data, django_capture_on_commit_callbacks
):
    """The Chinese meeting on safety production mentions ecology only by its topic."""
    assert "县安全生产专题会议" in found(client, "ecological")
    with django_capture_on_commit_callbacks(execute=True):
        data.ecology.meetings.clear()
    assert "县安全生产专题会议" not in found(client, "ecological")


def test_a_search_made_while_the_index_is_rewritten_is_not_kept(
    client, data, django_capture_on_commit_callbacks
):
    """A visitor who searches for a person's new name after the rename is saved but
    before the documents of their meetings are rewritten finds nothing, but the next
    visitor finds the meetings."""
    rewrite = signals.reindex_scheduled
    searched = []

    def searched_during_the_rewrite(*args, **kwargs):
        if not searched:
            searched.append(found(client, "Renamed"))
        return rewrite(*args, **kwargs)

    searcher = mock.patch.object(signals, "reindex_scheduled", searched_during_the_rewrite)
    with searcher, django_capture_on_commit_callbacks(execute=True):
        edit(data.li, name="Li Guoliang Renamed")
    assert searched == [set()], "their documents still had the old name"
    assert found(client, "Renamed") == {"Ecological protection review"}


def test_a_deleted_topic_no_longer_finds_its_meetings(
    client, data, django_capture_on_commit_callbacks
):
    """Its tags go with it, without a signal of their own."""
    assert "县安全生产专题会议" in found(client, "ecological")
    with django_capture_on_commit_callbacks(execute=True):
        data.ecology.delete()
    assert "县安全生产专题会议" not in found(client, "ecological")


def test_a_meeting_with_a_long_search_document_is_found_and_kept_in_its_row(
    client, db, django_capture_on_commit_callbacks
):
    """On PostgreSQL a vector of more than 2 kB went to the TOAST table, from which a
    search ranking tens of thousands of matches fetched each one (twice the time)."""
    words = " ".join(f"word{n}x" for n in range(300))
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting("A meeting with a long record", summary=words)
        report = make_report(meeting, make_person("Lu Ping"))
        for n in range(8):
            make_result(report, make_organization(f"Town {n}", name_zh=f"松河县第{n}镇"))
    assert found(client, "word299x") == {"A meeting with a long record"}
    assert found(client, "松河县第7镇") == {"A meeting with a long record"}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_column_size(search_vector), pg_relation_size(c.reltoastrelid)"
                " FROM meetings_meeting, pg_class c WHERE c.relname = 'meetings_meeting'"
            )
            vector_size, toasted = cursor.fetchone()
        assert vector_size > 2100 and toasted == 0


def test_a_page_of_results_quoting_the_articles_reads_as_many_queries_for_more_results(
    client, db, django_capture_on_commit_callbacks
):
    """Each result's snippet may quote its article's text, read with the page's meetings
    rather than once for each meeting on it."""

    def add(count):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(count):
                make_meeting(summary="A review.", body="The reservoir dam was inspected.")

    def search():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"q": "reservoir"})
        snippets = [meeting.snippet for meeting in response.context["page_obj"]]
        assert snippets and set(snippets) == {"The <mark>reservoir</mark> dam was inspected."}
        return len(queries)

    add(2)
    few = search()
    add(18)
    assert search() == few
