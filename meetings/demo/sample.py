"""The user's sample article (shared/examples/county-key-work-meeting.txt) as records.

Everything here is what the article says, in its words. Where it does not name the
units it awarded ("two excellent departments and two towns"), the results say
exactly that and no more. The page's date line reads 2020-8-28, but the content
(third-quarter results, welcoming the 20th CPC National Congress) places the meeting
on 30 September 2022, which is the date used.
"""

import datetime

COLUMNS = [
    # (slug, name, name in Chinese, parent slug, order)
    ("government-affairs-openness", "Government Affairs Openness", "政务公开", None, 0),
    ("key-projects", "Key Projects", "重点项目", "government-affairs-openness", 0),
]

TOPICS = [
    # (slug, name, name in Chinese, description, description in Chinese)
    (
        "key-project-construction",
        "Key project construction",
        "重点项目建设",
        "Building and managing the county's key projects.",
        "全县重点项目的建设与管理。",
    ),
    (
        "investment-promotion",
        "Investment promotion",
        "招商引资",
        "Attracting industrial investment.",
        "招引产业投资。",
    ),
    (
        "safety-production",
        "Safety production",
        "安全生产",
        "Work safety, fire, road traffic, geological disasters.",
        "安全生产、消防、道路交通、地质灾害。",
    ),
    (
        "human-settlement-environment",
        "Human settlement environment improvement",
        "人居环境整治",
        "Improving living environments in towns and villages.",
        "改善城镇和农村人居环境。",
    ),
    (
        "poverty-alleviation-exit",
        "Poverty-alleviation exit work",
        "脱贫摘帽",
        "Consolidating the poverty-alleviation exit and preparing for the national post-exit evaluation.",
        "巩固脱贫摘帽成果，迎接国家脱贫攻坚后评估。",
    ),
    (
        "letters-and-visits-stability",
        "Letters and visits, maintaining stability",
        "信访维稳",
        "Handling petitions and maintaining social stability.",
        "办理群众信访，维护社会稳定。",
    ),
    (
        "epidemic-prevention",
        "Epidemic prevention and control",
        "疫情防控",
        "Regular epidemic prevention and control.",
        "常态化疫情防控。",
    ),
    (
        "ecological-protection",
        "Ecological protection",
        "生态环境保护",
        "Rectifying ecological and environmental problems.",
        "整改生态环境问题。",
    ),
    (
        "economic-operation",
        "Economic operation",
        "经济运行",
        "Scheduling and analysing economic indicators.",
        "调度和分析经济指标。",
    ),
]

ORGANIZATIONS = [
    # (slug, name, name in Chinese, kind, parent slug)
    ("county-party-committee", "County Party Committee", "县委", "party_committee", None),
    (
        "county-peoples-congress-standing-committee",
        "Standing Committee of the County People's Congress",
        "县人大常委会",
        "peoples_congress",
        None,
    ),
    ("county-government", "County Government", "县政府", "government", None),
    ("county-cppcc", "CPPCC County Committee", "县政协", "cppcc", None),
    ("county-peoples-court", "County People's Court", "县人民法院", "court", None),
    (
        "county-peoples-procuratorate",
        "County People's Procuratorate",
        "县人民检察院",
        "procuratorate",
        None,
    ),
    (
        "county-public-security-bureau",
        "County Public Security Bureau",
        "县公安局",
        "department",
        "county-government",
    ),
]

CONGRESS_DEPUTIES = "deputy directors of the standing committee of the county people's congress"

# (name, slug, role, title as printed, organization slug), in the article's order.
ATTENDANCE = [
    (
        "Feng Jie",
        "feng-jie",
        "speech",
        "secretary of the county party committee",
        "county-party-committee",
    ),
    (
        "Liu Jie",
        "liu-jie",
        "attended",
        "deputy secretary of the county party committee",
        "county-party-committee",
    ),
    (
        "An Lu",
        "an-lu",
        "attended",
        CONGRESS_DEPUTIES,
        "county-peoples-congress-standing-committee",
    ),
    (
        "Hu Jun",
        "hu-jun",
        "attended",
        CONGRESS_DEPUTIES,
        "county-peoples-congress-standing-committee",
    ),
    (
        "Zhang Xiaorui",
        "zhang-xiaorui",
        "attended",
        CONGRESS_DEPUTIES,
        "county-peoples-congress-standing-committee",
    ),
    (
        "He Bingzheng",
        "he-bingzheng",
        "attended",
        CONGRESS_DEPUTIES,
        "county-peoples-congress-standing-committee",
    ),
    (
        "Chang Xiangqian",
        "chang-xiangqian",
        "attended",
        CONGRESS_DEPUTIES,
        "county-peoples-congress-standing-committee",
    ),
    (
        "Li Guoliang",
        "li-guoliang",
        "attended",
        CONGRESS_DEPUTIES,
        "county-peoples-congress-standing-committee",
    ),
    (
        "Wang Wei",
        "wang-wei",
        "attended",
        CONGRESS_DEPUTIES,
        "county-peoples-congress-standing-committee",
    ),
    ("Zhang Jianxun", "zhang-jianxun", "attended", "deputy county leaders", None),
    ("Yan Yang", "yan-yang", "attended", "deputy county leaders", None),
    ("He Xiaoming", "he-xiaoming", "attended", "deputy county leaders", None),
    ("Guo Jianjun", "guo-jianjun", "attended", "deputy county leaders", None),
    (
        "Xu Cunfei",
        "xu-cunfei",
        "attended",
        "a member of the party group of the county government",
        "county-government",
    ),
    (
        "Li Jun",
        "li-jun",
        "attended",
        "president of the county people's court",
        "county-peoples-court",
    ),
    (
        "Liu Shixiong",
        "liu-shixiong",
        "attended",
        "chief procurator of the county people's procuratorate",
        "county-peoples-procuratorate",
    ),
    (
        "Huang Chunsheng",
        "huang-chunsheng",
        "attended",
        "political commissar of the county public security bureau",
        "county-public-security-bureau",
    ),
    (
        "Zhao Guibo",
        "zhao-guibo",
        "presided",
        "deputy secretary of the county party committee and head of the county",
        "county-party-committee",
    ),
]

ALT_NAMES = {"chang-xiangqian": "Chang XiangQian"}  # the article's own spelling

THIRD_QUARTER_SUBJECT = (
    "the third quarter assessment results of key project construction, investment promotion, "
    "safety production, human settlement environment improvement, official title work, letters "
    "and visits to maintain stability, epidemic prevention and control, ecological protection "
    "and other work"
)
THIRD_QUARTER_TOPICS = [
    "key-project-construction",
    "investment-promotion",
    "safety-production",
    "human-settlement-environment",
    "poverty-alleviation-exit",
    "letters-and-visits-stability",
    "epidemic-prevention",
    "ecological-protection",
]

# (reporter slug, subject, period, topic slugs, results); results are
# (units as described, standing, award).
REPORTS = [
    (
        "liu-jie",
        "the comprehensive evaluation results of key work observation",
        "",
        [],
        [
            ("two excellent departments", "excellent", "red_flag"),
            ("two towns", "excellent", "red_flag"),
            ("two lagging departments", "lagging", "yellow_card"),
            ("two towns", "lagging", "yellow_card"),
        ],
    ),
    *[
        (slug, THIRD_QUARTER_SUBJECT, "2022 Q3", THIRD_QUARTER_TOPICS, [])
        for slug in [
            "hu-jun",
            "zhang-xiaorui",
            "he-bingzheng",
            "he-xiaoming",
            "guo-jianjun",
        ]
    ],
]

DIRECTIVES = [
    (
        "feng-jie",
        "pointed_out",
        "the whole county should focus on high-quality delisting and firmly promote the work of "
        "“one hundred day promotion” and “one hundred day supervision”. All departments at all "
        "levels should recognize the current situation facing the title work, pay more attention "
        "to the thought, strengthen the action, and compact the responsibility, give full play to "
        "the role of the “two office” supervision and the special class of the title supervision, "
        "strengthen the application of the assessment results, and see the truth in the "
        "accountability, so as to ensure a better position in the national post evaluation process.",
        ["poverty-alleviation-exit"],
    ),
    (
        "feng-jie",
        "required",
        "we should focus on economic operation to improve quality and efficiency, and firmly "
        "promote project construction and investment attraction. We should strengthen economic "
        "operation scheduling, focus on key industries, enterprises and relevant indicators, make "
        "accurate analysis, do everything possible to stabilize growth and ensure operation, and "
        "ensure that all indicators remain within a reasonable range. We should make every effort "
        "to strive for the construction and management of projects, strive for projects and focus "
        "on the early stage, focus on the commencement and promotion of key projects, and focus on "
        "the handover and management and protection of agricultural projects, so as to form a boom "
        "in project construction. It is necessary to vigorously promote industrial investment "
        "attraction, focus on characteristic industries and policy opportunities, accurately "
        "connect, solve leftover problems, establish problem accounts, do a good job in service "
        "guarantee, and ensure the implementation of projects with a good business environment.",
        ["economic-operation", "key-project-construction", "investment-promotion"],
    ),
    (
        "feng-jie",
        "stressed",
        "we should focus on the overall social harmony and stability, and firmly promote epidemic "
        "prevention and control, safe production, ecological environmental protection, and letters "
        "and visits to maintain stability. We should continue to do a good job in regular epidemic "
        "prevention and control, put an end to paralysis and fluke mentality, do a good job in "
        "detecting and filling gaps, strengthen the control of key sites and the screening of key "
        "groups, and firmly uphold the hard won results of epidemic prevention and control. We "
        "should continue to focus on safety in production, strictly implement township territorial "
        "responsibility, industry supervision responsibility, and corporate responsibility, fulfill "
        "the political responsibility of maintaining safety and stability, and increase "
        "investigation and problem rectification in terms of geological disasters, fire safety, "
        "road traffic, carbon monoxide poisoning, etc. We should continue to do a good job in "
        "ecological environment protection, strengthen the rectification of outstanding problems "
        "in ecological environment protection, do a good job in planning and approving water "
        "related areas, and improve the quality of ecological environment. We should continue to "
        "ensure the stability of letters and visits, implement the responsibilities of resolving "
        "and controlling stability, and work together to crack down on illegal visits. We should "
        "combine the requirements of cadre style construction, enhance a high degree of political "
        "consciousness, and take practical actions to welcome the successful convening of the 20th "
        "CPC National Congress.",
        [
            "epidemic-prevention",
            "safety-production",
            "ecological-protection",
            "letters-and-visits-stability",
        ],
    ),
]

MEETING = {
    "slug": "county-key-work-promotion-meeting-2022-09-30",
    "title": "The county held a meeting to promote the current key work",
    "held_on": datetime.date(2022, 9, 30),
    "column": "key-projects",
    "topics": [slug for slug, *_ in TOPICS],
    "summary": "On September 30, our county held a meeting to promote the current key work.",
    "other_attendees": (
        "Other county leaders attended the meeting. The main leaders of the county party "
        "committee and all departments at the county level, and the main leaders of the party "
        "and government of all villages and towns (streets, convenience service centers) "
        "attended the meeting."
    ),
    "other_statements": (
        "major comrades in charge of towns and departments who are lagging behind in "
        "comprehensive evaluation of key work made a statement;"
    ),
    "language": "en",
    "source": "sample article: shared/examples/county-key-work-meeting.txt",
    "published_at": datetime.datetime(
        2022, 9, 30, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    ),
}
