"""The interface speaks English and Simplified Chinese, chosen by the browser or the visitor."""

import pytest
from django.urls import reverse

from tests.browse_data import build_browse_data
from tests.factories import (
    make_attendance,
    make_directive,
    make_meeting,
    make_organization,
    make_person,
    make_report,
    make_result,
    make_topic,
)


@pytest.fixture
def data(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_browse_data()


def test_the_browsers_language_chooses_the_site_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"
    response = client.get("/meetings/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/meetings/"


def test_chinese_pages_are_in_chinese_with_dates_in_chinese_format(client, data):
    with_lang = client.get("/zh-hans/meetings/?year=2022")
    html = with_lang.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "首页" in html and "搜索" in html and "大字版" in html
    assert "共找到2个会议" in html
    assert "2022年9月30日" in html


def test_the_language_switcher_keeps_the_page_and_its_filters(client, data):
    html = client.get("/en/meetings/?topic=safety-production").content.decode()
    link = 'href="/zh-hans/meetings/?topic=safety-production" hreflang="zh-hans" lang="zh-hans">'
    assert link + "中文</a>" in html
    html = client.get("/zh-hans/meetings/?topic=safety-production").content.decode()
    assert (
        'href="/en/meetings/?topic=safety-production" hreflang="en" lang="en">English</a>' in html
    )


def test_article_text_follows_the_articles_language(client, data):
    chinese = client.get(data.m3.get_absolute_url()).content.decode()
    assert "县委书记" in chinese and "出席会议并讲话。" in chinese
    english = client.get(
        reverse("meetings:meeting", kwargs={"slug": data.m1.slug})
    ).content.decode()
    assert "attended the meeting and made a speech." in english


def test_an_article_in_the_other_language_keeps_its_links_in_the_pages_language(client, data):
    chinese_article_in_english = client.get(f"/en/meetings/{data.m3.slug}/").content.decode()
    assert '<a href="/en/people/feng-jie/">' in chinese_article_in_english
    assert "/zh-hans/people/" not in chinese_article_in_english
    english_article_in_chinese = client.get(f"/zh-hans/meetings/{data.m4.slug}/").content.decode()
    assert '<a href="/zh-hans/people/li-guoliang/">Li Guoliang</a> required that' in (
        english_article_in_chinese
    ), "the verb stays in the article's language, the link in the page's"


def test_chinese_interface_labels_the_disclosure_metadata(client, data):
    html = client.get(f"/zh-hans/meetings/{data.m1.slug}/").content.decode()
    for label in ("索引号", "发文机关", "发文字号", "主题分类", "发布日期"):
        assert label in html


def test_error_messages_are_translated(client, data):
    response = client.get("/zh-hans/meetings/?date_from=2023-01-01&date_to=2022-01-01")
    assert response.status_code == 400
    assert '<html lang="zh-hans">' in response.content.decode()


def test_a_missing_page_in_chinese(client, db):
    response = client.get("/zh-hans/people/nobody/")
    assert response.status_code == 404
    assert "max-age=0" in response["Cache-Control"], "a scheduled page may be there soon"
    assert "页面" in response.content.decode()


def test_text_in_the_other_language_is_marked_for_screen_readers(client, data):
    english = client.get("/en/meetings/").content.decode()
    assert (
        f'<a href="/en/meetings/{data.m3.slug}/" lang="zh-hans">县安全生产专题会议</a>' in english
    )
    assert '<p class="summary" lang="zh-hans">2023年5月5日' in english
    assert f'<a href="/en/meetings/{data.m4.slug}/">Ecological protection review</a>' in english
    chinese = client.get("/zh-hans/meetings/").content.decode()
    link = f'<a href="/zh-hans/meetings/{data.m4.slug}/" lang="en">Ecological protection review</a>'
    assert link in chinese


def test_only_other_names_in_chinese_characters_are_marked_as_chinese(client, db):
    person = make_person(
        "Chang Xiangqian", slug="chang-xiangqian", alt_names="常向前\nChang XiangQian"
    )
    make_attendance(make_meeting(), person)
    html = client.get("/en/people/chang-xiangqian/").content.decode()
    assert (
        '<span class="alt-names"><span lang="zh-hans">常向前</span> · Chang XiangQian</span>'
        in html
    )


def test_a_missing_page_offers_the_other_languages_home_page(client, db):
    html = client.get("/zh-hans/nothing-here/").content.decode()
    assert 'href="/en/" hreflang="en" lang="en">English</a>' in html


def test_a_chinese_article_names_people_units_and_topics_in_chinese(client, db):
    """On either site: the article's own text is Chinese, so the names in it are too."""
    topic = make_topic("Safety production", name_zh="安全生产")
    office = make_organization("Songhe County Government", name_zh="松河县人民政府")
    meeting = make_meeting(
        "松河县召开安全生产专题会议", language="zh-hans", topics=[topic], issued_by=office
    )
    feng = make_person("Feng Jie", slug="feng-jie", alt_names="Feng Jay\n冯杰")
    make_attendance(meeting, feng, "speech", title="县委书记")
    report = make_report(meeting, feng, "第三季度安全生产考核结果")
    make_result(report, make_organization("Dongping Town", name_zh="东坪镇"), award="red_flag")
    make_result(report, make_organization("Xiping Town"), award="yellow_card")
    for site in ("zh-hans", "en"):
        html = client.get(f"/{site}/meetings/{meeting.slug}/").content.decode()
        body = html.split('<div class="article-body"', 1)[1].split("</div>", 1)[0]
        assert f'县委书记<a href="/{site}/people/feng-jie/">冯杰</a>出席会议并讲话。' in body
        assert f'<a href="/{site}/people/feng-jie/">冯杰</a>通报了第三季度安全生产考核结果' in body
        assert ">东坪镇</a>授予“流动红旗”" in body
        assert ">Xiping Town</a>发出“黄牌警告”" in body, "no Chinese name: the name as entered"
        assert "Feng Jie" not in body
    chinese = client.get(f"/zh-hans/meetings/{meeting.slug}/").content.decode()
    assert ">安全生产</a>" in chinese and ">松河县人民政府</a>" in chinese
    english = client.get(f"/en/meetings/{meeting.slug}/").content.decode()
    assert ">Safety production</a>" in english and ">Songhe County Government</a>" in english
    assert '<h3 lang="zh-hans">第三季度安全生产考核结果</h3>' in english
    assert '<p class="meta">Reported by <a href="/en/people/feng-jie/">Feng Jie</a>' in english


def test_an_english_article_names_people_in_english_on_the_chinese_site(client, db):
    meeting = make_meeting("County safety meeting", language="en")
    make_attendance(meeting, make_person("Feng Jie", slug="feng-jie", alt_names="冯杰"), "speech")
    html = client.get(f"/zh-hans/meetings/{meeting.slug}/").content.decode()
    assert '<a href="/zh-hans/people/feng-jie/">Feng Jie</a> attended the meeting' in html


def test_the_chinese_site_lists_topics_columns_and_people_by_their_chinese_names(client, data):
    listing = client.get("/zh-hans/meetings/").content.decode()
    assert 'value="investment-promotion"' in listing and "> 招商引资</label>" in listing
    filtered = client.get("/zh-hans/meetings/?topic=investment-promotion").content.decode()
    assert "<li><span>主题：招商引资</span>" in filtered, "the filter in use, by its Chinese name"
    assert "> Safety production</label>" in listing, "a topic without a Chinese name"
    person = client.get("/zh-hans/people/feng-jie/").content.decode()
    assert '<h1>冯杰 <span class="alt-names"><span lang="en">Feng Jie</span></span></h1>' in person
    english = client.get("/en/people/feng-jie/").content.decode()
    assert '<h1>Feng Jie <span class="alt-names"><span lang="zh-hans">冯杰</span></span></h1>' in (
        english
    )
    town = client.get("/zh-hans/organizations/dongping-town/").content.decode()
    assert "<h1>东坪镇</h1>" in town
    topic = client.get("/zh-hans/topics/investment-promotion/").content.decode()
    assert "<h1>招商引资</h1>" in topic
    article = client.get(f"/zh-hans/meetings/{data.m3.slug}/").content.decode()
    assert ">Ecological protection</a>、<a " in article, "a Chinese list of links"
    english = client.get(f"/en/meetings/{data.m3.slug}/").content.decode()
    assert ">Ecological protection</a>, <a " in english


def test_a_directive_reads_as_one_sentence_in_its_meetings_language(client, data):
    """A leader's directive on their page and on its topic's page is the sentence its
    article prints, whole: "Li Guoliang required that …" from an English article on
    either page, marked as English on a Chinese page; "某某要求，…" from a Chinese one.
    A sentence begun in one language and ended in the other read as neither."""
    topic_en = client.get("/en/topics/ecological-protection/").content.decode()
    assert (
        '<a href="/en/people/li-guoliang/">Li Guoliang</a> required that '
        "every river chief should patrol monthly" in topic_en
    )
    topic_zh = client.get("/zh-hans/topics/ecological-protection/").content.decode()
    assert (
        '<span lang="en"><a href="/zh-hans/people/li-guoliang/">Li Guoliang</a> required that '
        "every river chief should patrol monthly</span>" in topic_zh
    )
    person_zh = client.get("/zh-hans/people/li-guoliang/").content.decode()
    assert '<span lang="en">Li Guoliang required that every river chief' in person_zh

    chinese = make_meeting("县河长制工作会议", language="zh-hans")
    make_directive(chinese, data.feng, "stressed", "要压实河长责任", topics=[data.ecology])
    topic_en = client.get("/en/topics/ecological-protection/").content.decode()
    assert (
        '<span lang="zh-hans"><a href="/en/people/feng-jie/">冯杰</a>强调，要压实河长责任</span>'
        in topic_en
    )


def test_a_topic_is_described_in_the_pages_language_where_it_can_be(client, db):
    """The Chinese page shows the description in Chinese; where there is none, the
    English one, marked as English for a screen reader to read it with an English voice."""
    make_topic(
        "Healthcare",
        slug="healthcare",
        name_zh="医疗卫生",
        description="Hospitals and public health.",
        description_zh="医院与公共卫生。",
    )
    make_topic("Education", slug="education", description="Schools and teaching.")
    english = client.get("/en/topics/healthcare/").content.decode()
    assert '<p class="lead">Hospitals and public health.</p>' in english
    chinese = client.get("/zh-hans/topics/healthcare/").content.decode()
    assert '<p class="lead">医院与公共卫生。</p>' in chinese
    assert "Hospitals and public health." not in chinese
    untranslated = client.get("/zh-hans/topics/education/").content.decode()
    assert '<p class="lead" lang="en">Schools and teaching.</p>' in untranslated


def test_english_records_on_the_chinese_pages_are_marked_as_english(client, data):
    """Subjects, titles and units come from the records, in the language the meeting
    was written in: a screen reader reads them with the right voice."""
    town = client.get("/zh-hans/organizations/dongping-town/").content.decode()
    assert '<td lang="en">the third quarter assessment results of investment promotion</td>' in (
        town
    )
    feng = client.get("/zh-hans/people/feng-jie/").content.decode()
    assert '<td lang="en">secretary of the county party committee</td>' in feng
    assert "<td>县委书记</td>" in feng  # a title in Chinese is the page's language
    english_feng = client.get("/en/people/feng-jie/").content.decode()
    assert '<td lang="zh-hans">县委书记</td>' in english_feng
    assert "<td>secretary of the county party committee</td>" in english_feng
    article = client.get(f"/zh-hans/meetings/{data.m2.slug}/").content.decode()
    assert (
        '<span lang="en">the third quarter assessment results of investment promotion</span>'
        in article.split("<caption")[2]
    ), "the results table's caption names the report in its own language"


def test_chinese_pages_use_chinese_punctuation_around_what_they_print(client, data):
    """No space between Chinese sentences, full-width brackets and colons."""
    home = client.get("/zh-hans/").content.decode()
    assert '招商引资</a><span class="count">（1）</span>' in home
    article = client.get(f"/zh-hans/meetings/{data.m2.slug}/").content.decode()
    assert '<p class="meta">通报人：<a href="/zh-hans/people/zhang-xiaorui/">' in article
    synthetic = make_meeting("Generated meeting", source="synthetic")
    notice = client.get(f"/zh-hans/meetings/{synthetic.slug}/").content.decode()
    assert "<strong>演示数据。</strong>本会议为演示而生成" in notice
    english = client.get(f"/en/meetings/{synthetic.slug}/").content.decode()
    assert "<strong>Demonstration data.</strong> This meeting was generated" in english


def test_chinese_pages_write_years_colons_and_brackets_the_chinese_way(client, data):
    """ "2022年", "年份：" and "（RSS）", where an English page writes "2022", "Year:" and
    " (RSS)"."""
    listing = client.get("/zh-hans/meetings/?year=2022").content.decode()
    assert "<li><span>年份：2022年</span>" in listing
    refused = client.get("/zh-hans/meetings/?year=abc").content.decode()
    assert "<title>错误：会议 · " in refused
    assert "<strong>年份：</strong>" in refused
    english = client.get("/en/meetings/?year=abc").content.decode()
    assert "<title>Error: Meetings · " in english and "<strong>Year:</strong>" in english
    person = client.get("/zh-hans/people/zhang-xiaorui/").content.decode()
    assert 'title="张晓瑞（RSS）"' in person
    assert "</a>（<time" in person and "</time>）：" in person, "a report's meeting and day"
    table = client.get("/zh-hans/organizations/?year=2022").content.decode()
    assert "2022年 · " in table
    with_result = make_result(data.report, organization=make_organization("Xiping Town"))
    topic = client.get(f"/zh-hans/topics/{data.report.topics.first().slug}/").content.decode()
    assert f'lang="en">Xiping Town</a>：{with_result.get_standing_display()}' in topic


def test_a_name_in_the_other_languages_letters_is_marked_with_its_language(client, data):
    """A screen reader reads "Liu Jie" on a Chinese page, or in a Chinese article, with
    an English voice, and 冯杰 on an English page with a Chinese one."""
    liu = make_person("Liu Jie")
    flood = make_meeting("县防汛工作会议", language="zh-hans")
    make_attendance(flood, liu, title="县长")
    make_directive(flood, liu, "required", "要压实防汛责任")
    make_report(flood, liu, "第三季度考核结果")
    article = client.get(f"/en/meetings/{flood.slug}/").content.decode()
    link = f'<a href="{liu.get_absolute_url()}" lang="en">Liu Jie</a>'
    assert f"县长{link}出席会议" in article
    assert f"{link}要求，要压实防汛责任" in article
    plain = f'<a href="{liu.get_absolute_url()}">Liu Jie</a>'
    assert f"Reported by {plain}" in article, "in the English page around it, nothing to mark"
    person = client.get(f"/zh-hans/people/{liu.slug}/").content.decode()
    assert '<h1><span lang="en">Liu Jie</span></h1>' in person
    assert '<span lang="en">Liu Jie</span>要求，要压实防汛责任' in person, "their own directive"
    english = client.get("/en/people/feng-jie/").content.decode()
    assert '<h1>Feng Jie <span class="alt-names"><span lang="zh-hans">冯杰</span>' in english
