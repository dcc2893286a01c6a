"""Generated meetings for demonstrations and benchmarks.

Deterministic for a given seed, and marked: every meeting says source="synthetic",
every made-up person and organization is generated here, and no name refers to a
real person. Counties, their leaders (whose titles change at a reshuffle), their
departments and towns are made up in proportion to the number of meetings asked for.
Rows are written in chunks (see bulk.py), so memory stays flat at any size.
"""

import datetime
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.utils.text import slugify

from ..models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Column,
    Directive,
    Meeting,
    Organization,
    Person,
    Topic,
)
from ..models.meeting_copies import copies_of
from ..search.documents import compose
from ..search.engines import engine
from .bulk import Keys, prepare, store

SOURCE = Meeting.SYNTHETIC
CHUNK = 2000
MEETINGS_PER_COUNTY = 2000
MAX_COUNTIES = 60
FIRST_DAY = datetime.date(2018, 1, 1)
LAST_DAY = datetime.date(2026, 9, 30)
CST = datetime.timezone(datetime.timedelta(hours=8))

SURNAMES = [
    ("Wang", "王"),
    ("Li", "李"),
    ("Zhang", "张"),
    ("Liu", "刘"),
    ("Chen", "陈"),
    ("Yang", "杨"),
    ("Zhao", "赵"),
    ("Huang", "黄"),
    ("Zhou", "周"),
    ("Wu", "吴"),
    ("Xu", "徐"),
    ("Sun", "孙"),
    ("Hu", "胡"),
    ("Zhu", "朱"),
    ("Gao", "高"),
    ("Lin", "林"),
    ("He", "何"),
    ("Guo", "郭"),
    ("Ma", "马"),
    ("Luo", "罗"),
    ("Liang", "梁"),
    ("Song", "宋"),
    ("Zheng", "郑"),
    ("Xie", "谢"),
]
GIVEN = [
    ("Wei", "伟"),
    ("Fang", "芳"),
    ("Min", "敏"),
    ("Jing", "静"),
    ("Qiang", "强"),
    ("Lei", "磊"),
    ("Jun", "军"),
    ("Yong", "勇"),
    ("Yan", "艳"),
    ("Jie", "杰"),
    ("Tao", "涛"),
    ("Ming", "明"),
    ("Chao", "超"),
    ("Hua", "华"),
    ("Ping", "平"),
    ("Gang", "刚"),
    ("Jianguo", "建国"),
    ("Haiyan", "海燕"),
    ("Xiaoming", "晓明"),
    ("Zhiqiang", "志强"),
    ("Guilan", "桂兰"),
    ("Wenbo", "文博"),
    ("Yuhang", "宇航"),
    ("Xinyi", "欣怡"),
    ("Zhenhua", "振华"),
    ("Lihua", "丽华"),
]
PLACE_PARTS = [
    ("Qing", "青"),
    ("Shan", "山"),
    ("He", "河"),
    ("Bai", "白"),
    ("Shui", "水"),
    ("Dong", "东"),
    ("Xi", "西"),
    ("Nan", "南"),
    ("Ping", "平"),
    ("An", "安"),
    ("Yang", "阳"),
    ("Long", "龙"),
    ("Jin", "金"),
    ("Feng", "丰"),
    ("Lin", "林"),
    ("Shi", "石"),
    ("Song", "松"),
    ("Yun", "云"),
]
DEPARTMENTS = [
    ("Development and Reform Bureau", "发展和改革局"),
    ("Finance Bureau", "财政局"),
    ("Education Bureau", "教育局"),
    ("Emergency Management Bureau", "应急管理局"),
    ("Ecology and Environment Bureau", "生态环境局"),
    ("Natural Resources Bureau", "自然资源局"),
    ("Housing and Urban-Rural Development Bureau", "住房和城乡建设局"),
    ("Transport Bureau", "交通运输局"),
    ("Agriculture and Rural Affairs Bureau", "农业农村局"),
    ("Commerce Bureau", "商务局"),
    ("Health Commission", "卫生健康委员会"),
    ("Water Resources Bureau", "水利局"),
    ("Market Supervision Bureau", "市场监督管理局"),
    ("Letters and Visits Bureau", "信访局"),
    ("Investment Promotion Bureau", "投资促进局"),
    ("Culture and Tourism Bureau", "文化和旅游局"),
]
TOWNS_PER_COUNTY = 12
EXTRA_COLUMNS = [
    ("meeting-minutes", "Meeting Minutes", "会议纪要", 1),
    ("work-updates", "Work Updates", "工作动态", 2),
]
EXTRA_TOPICS = [
    (
        "rural-revitalization",
        "Rural revitalization",
        "乡村振兴",
        "Developing rural industries and villages.",
        "发展乡村产业，建设美丽乡村。",
    ),
    ("education", "Education", "教育", "Schools and teaching.", "学校与教学。"),
    ("healthcare", "Healthcare", "医疗卫生", "Hospitals and public health.", "医院与公共卫生。"),
]
# (title, party/government body, how many), in the order of rank articles list them in
LEADER_POSTS = [
    ("secretary of the county party committee", "party_committee", 1),
    ("deputy secretary of the county party committee and county head", "government", 1),
    ("deputy secretary of the county party committee", "party_committee", 1),
    (
        "director of the standing committee of the county people's congress",
        "peoples_congress",
        1,
    ),
    (
        "deputy director of the standing committee of the county people's congress",
        "peoples_congress",
        2,
    ),
    ("deputy county head", "government", 4),
    ("chairman of the CPPCC county committee", "cppcc", 1),
    ("president of the county people's court", "court", 1),
    ("chief procurator of the county people's procuratorate", "procuratorate", 1),
]
TITLES_ZH = {
    "secretary of the county party committee": "县委书记",
    "deputy secretary of the county party committee and county head": "县委副书记、县长",
    "deputy secretary of the county party committee": "县委副书记",
    "director of the standing committee of the county people's congress": "县人大常委会主任",
    "deputy director of the standing committee of the county people's congress": "县人大常委会副主任",
    "chairman of the CPPCC county committee": "县政协主席",
    "deputy county head": "副县长",
    "president of the county people's court": "县人民法院院长",
    "chief procurator of the county people's procuratorate": "县人民检察院检察长",
}
QUARTERS_ZH = ["一", "二", "三", "四"]
# kind: (English suffix, Chinese name with the county's in {county})
BODY_NAMES = {
    "party_committee": ("Party Committee", "{county}委"),
    "government": ("Government", "{county}政府"),
    "peoples_congress": ("People's Congress Standing Committee", "{county}人大常委会"),
    "cppcc": ("CPPCC Committee", "政协{county}委员会"),
    "court": ("People's Court", "{county}人民法院"),
    "procuratorate": ("People's Procuratorate", "{county}人民检察院"),
}
MEETING_KINDS = [
    (
        "key-work",
        "held a meeting to promote the current key work",
        "召开当前重点工作推进会",
    ),
    (
        "executive",
        "held an executive meeting of the county government",
        "召开县政府常务会议",
    ),
    ("special", "held a special meeting on {topic}", "召开{topic_zh}专题会议"),
    ("dispatch", "held a scheduling meeting on {topic}", "召开{topic_zh}调度会"),
]
# Whole sentences, ended as the sample's are: the article prints a directive's text as
# it is, after "… required that" or "……强调，".
DIRECTIVE_TEXTS = [
    "all departments should focus on {topic}, compact their responsibilities and make sure "
    "every task is implemented on time.",
    "we should strengthen supervision of {topic}, solve the problems found in the assessment "
    "and apply the assessment results in accountability.",
    "the lagging units should analyze the causes, set a timetable for rectification and report "
    "their progress at the next meeting.",
    "towns and departments should coordinate closely on {topic}, keep the bottom line of safety "
    "and stability and serve the people's needs.",
]
DIRECTIVE_TEXTS_ZH = [
    "要聚焦{topic_zh}，压实工作责任，确保各项任务按时落实。",
    "要加强{topic_zh}督查督办，强化考核结果运用，动真碰硬抓问责。",
    "落后单位要认真分析原因，明确整改时限，在下次会议上报告进展。",
    "各乡镇、各部门要在{topic_zh}上密切协作，守牢安全稳定底线，回应群众关切。",
]
VERBS = ["pointed_out", "required", "stressed", "called_for"]
QUARTERS = ["first", "second", "third", "fourth"]


@dataclass
class County:
    name: str
    name_zh: str
    slug: str
    reshuffle: datetime.date
    bodies: dict = field(default_factory=dict)
    units: list = field(default_factory=list)  # departments and towns, assessed
    rosters: tuple = ()  # ([(person, title, body)] before the reshuffle, after it)


def generate(meetings, seed=1, stdout=None):
    """Create `meetings` synthetic meetings for `seed`; those already there are skipped.

    On PostgreSQL the Python work (planning, building rows, search documents and COPY
    data) and the server's work (storing and indexing them) overlap: a second thread,
    with its own connection, stores each chunk while the next one is prepared. SQLite
    works inside this process, so there is little to overlap (and an in-memory
    database locks whole tables between connections); inside a transaction (a test's)
    another connection could not see that transaction's rows. There, chunks are stored
    in place.
    """
    rng = random.Random(seed)
    columns, topics = _site(rng)
    counties = _counties(rng, seed, max(1, min(MAX_COUNTIES, meetings // MEETINGS_PER_COUNTY + 1)))
    keys = Keys()
    writer = None
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seed-writer")
    created, storing = 0, None
    try:
        for start in range(0, meetings, CHUNK):
            plan = [
                _plan(rng, seed, i, counties, columns, topics)
                for i in range(start, min(meetings, start + CHUNK))
            ]
            chunk = _prepare(plan, keys)
            if storing is not None:
                storing.result()
            if writer is None:
                _store(chunk)
            else:
                storing = writer.submit(_store, chunk)
            created += len(chunk.documents)
            if stdout:
                stdout.write(f"  {min(meetings, start + CHUNK)} of {meetings} prepared")
        if storing is not None:
            storing.result()
    finally:
        if writer is not None:
            writer.submit(connections.close_all).result()  # the writer thread's own
            writer.shutdown()
    return created


def _site(rng):
    from .sample import COLUMNS, TOPICS

    (top, name, name_zh, _, _), (sub, sub_name, sub_name_zh, _, _) = COLUMNS
    parent = _named(Column, top, name, name_zh)
    columns = [_named(Column, sub, sub_name, sub_name_zh, parent=parent)]
    for slug, name, name_zh, order in EXTRA_COLUMNS:
        columns.append(_named(Column, slug, name, name_zh, parent=parent, order=order))
    topics = [
        _named(Topic, slug, name, name_zh, description=description, description_zh=description_zh)
        for slug, name, name_zh, description, description_zh in [*TOPICS, *EXTRA_TOPICS]
    ]
    return columns, topics


def _named(model, slug, name, name_zh, **fields):
    """The column or topic of `slug`, made if missing; one made before records had names
    in Chinese is given its own, which generated Chinese titles print (and a topic its
    description in Chinese)."""
    record, created = model.objects.get_or_create(
        slug=slug, defaults={"name": name, "name_zh": name_zh, **fields}
    )
    missing = {"name_zh": name_zh, "description_zh": fields.get("description_zh")}
    missing = {f: v for f, v in missing.items() if v and not getattr(record, f, True)}
    if not created and missing:
        for field, value in missing.items():
            setattr(record, field, value)
        record.save()
    return record


def _counties(rng, seed, count):
    places = [(a + b.lower(), az + bz) for a, az in PLACE_PARTS for b, bz in PLACE_PARTS if a != b]
    rng.shuffle(places)
    counties = []
    for index in range(count):
        name, name_zh = places[index]
        slug = f"{slugify(name)}-county-s{seed}"
        county = County(
            name=f"{name} County",
            name_zh=f"{name_zh}县",
            slug=slug,
            reshuffle=FIRST_DAY + datetime.timedelta(days=rng.randrange(700, 2500)),
        )
        counties.append(county)
    _organizations(rng, counties)
    _people(rng, seed, counties)
    return counties


def _organizations(rng, counties):
    wanted = []
    for county in counties:
        for kind, (suffix, name_zh) in BODY_NAMES.items():
            wanted.append(
                Organization(
                    slug=f"{county.slug}-{slugify(suffix)}",
                    name=f"{county.name} {suffix}",
                    name_zh=name_zh.format(county=county.name_zh),
                    kind=kind,
                )
            )
        for department, department_zh in DEPARTMENTS:
            wanted.append(
                Organization(
                    slug=f"{county.slug}-{slugify(department)}",
                    name=f"{county.name} {department}",
                    name_zh=f"{county.name_zh}{department_zh}",
                    kind="department",
                )
            )
        towns = rng.sample(
            [(a + b.lower(), az + bz) for a, az in PLACE_PARTS for b, bz in PLACE_PARTS if a != b],
            TOWNS_PER_COUNTY,
        )
        for town, town_zh in towns:
            wanted.append(
                Organization(
                    slug=f"{county.slug}-{slugify(town)}-town",
                    name=f"{town} Town of {county.name}",  # no comma: it stands in lists
                    name_zh=f"{county.name_zh}{town_zh}镇",
                    kind="town",
                )
            )
    Organization.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)
    by_slug = Organization.objects.in_bulk([o.slug for o in wanted], field_name="slug")
    for county in counties:
        prefix = f"{county.slug}-"
        county.bodies = {
            key: by_slug[f"{prefix}{slugify(suffix)}"] for key, (suffix, _) in BODY_NAMES.items()
        }
        county.units = [
            o
            for slug, o in by_slug.items()
            if slug.startswith(prefix) and o.kind in ("department", "town")
        ]
        county.units.sort(key=lambda o: o.slug)


def _people(rng, seed, counties):
    wanted, plans = [], []
    serial = 0
    for county in counties:
        posts = [(title, body) for title, body, count in LEADER_POSTS for _ in range(count)]
        people = []
        for _ in range(len(posts) + 4):
            (surname, surname_zh), (given, given_zh) = (
                rng.choice(SURNAMES),
                rng.choice(GIVEN),
            )
            serial += 1
            person = Person(
                slug=f"{slugify(surname + ' ' + given)}-s{seed}-{serial}",
                name=f"{surname} {given}",
                alt_names=surname_zh + given_zh,
            )
            wanted.append(person)
            people.append(person)
        plans.append((county, posts, people))
    Person.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)
    by_slug = Person.objects.in_bulk([p.slug for p in wanted], field_name="slug")
    for county, posts, people in plans:
        people = [by_slug[p.slug] for p in people]
        before = [(people[i], title, body) for i, (title, body) in enumerate(posts)]
        # At the reshuffle the county head becomes secretary, a deputy becomes county head,
        # and newcomers fill the places: so titles change over time, as in life.
        after = list(before)
        after[0] = (before[1][0], before[0][1], before[0][2])
        deputy = next(i for i, (_, title, _) in enumerate(before) if title == "deputy county head")
        after[1] = (before[deputy][0], before[1][1], before[1][2])
        after[deputy] = (people[len(posts)], before[deputy][1], before[deputy][2])
        for offset, index in enumerate(rng.sample(range(2, len(posts)), 3)):
            if index != deputy:
                after[index] = (
                    people[len(posts) + 1 + offset],
                    before[index][1],
                    before[index][2],
                )
        county.rosters = (before, after)


def _plan(rng, seed, index, counties, columns, topics):
    county = counties[index % len(counties)]
    held_on = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    roster = county.rosters[held_on >= county.reshuffle]
    kind, phrase, phrase_zh = rng.choice(MEETING_KINDS)
    meeting_topics = rng.sample(topics, rng.choice([1, 1, 2, 3]))
    main = meeting_topics[0]
    topic_zh = main.name_in("zh-hans")
    chinese = rng.random() < 0.2
    if chinese:
        title = f"{county.name_zh}{phrase_zh.format(topic_zh=topic_zh)}"
        summary = f"{held_on.year}年{held_on.month}月{held_on.day}日，{title}。"
    else:
        held = phrase.format(topic=main.name.lower())
        title = f"{county.name} {held}"
        summary = f"On {held_on:%B} {held_on.day}, {held_on.year}, {county.name} {held}."
    secretary, head = roster[0], roster[1]
    # Printed in order of rank, as official articles list them (the party committee, the
    # congress, the government, the CPPCC, the court, the procuratorate): people who hold
    # one title stand together, and are named together before it.
    picked = rng.sample(range(2, len(roster)), rng.randrange(5, min(12, len(roster) - 2)))
    others = [roster[place] for place in sorted(picked)]
    # Namesakes (two Ma Haiyan) are real, but one article naming both reads as a slip.
    named = {secretary[0].name, head[0].name}
    others = [row for row in others if not (row[0].name in named or named.add(row[0].name))]
    if chinese:
        secretary, head = _in_chinese(secretary), _in_chinese(head)
        others = [_in_chinese(row) for row in others]
    attendance = [
        (secretary, "speech"),
        *((person, "attended") for person in others),
        (head, "presided"),
    ]
    reports = []
    if rng.random() < 0.75:
        quarter = (held_on.month - 1) // 3 - 1
        year = held_on.year if quarter >= 0 else held_on.year - 1
        quarter %= 4
        units = rng.sample(county.units, 6)
        standings = ["excellent", "excellent", "lagging", "lagging", "other", "other"]
        awards = [
            "red_flag",
            "red_flag" if rng.random() < 0.5 else "none",
            "yellow_card",
            "yellow_card" if rng.random() < 0.4 else "none",
            "none",
            "none",
        ]
        scores = sorted((round(rng.uniform(80, 99.5), 2) for _unit in units), reverse=True)
        results = [
            (unit, standing, award, rank + 1, score)  # ranked by score
            for rank, (unit, standing, award, score) in enumerate(
                zip(units, standings, awards, scores, strict=True)
            )
        ]
        reporter = rng.choice(others)[0]
        subject = (
            f"第{QUARTERS_ZH[quarter]}季度{topic_zh}考核结果"
            if chinese
            else f"the {QUARTERS[quarter]}-quarter assessment results of {main.name.lower()}"
        )
        reports.append(
            (
                reporter,
                subject,
                f"{year}年第{QUARTERS_ZH[quarter]}季度" if chinese else f"{year} Q{quarter + 1}",
                [main],
                results,
            )
        )
    directives = []
    count = rng.choice([1, 2, 2, 3])
    texts = rng.sample(range(len(DIRECTIVE_TEXTS)), count)
    for order, text_index in enumerate(texts):  # no two alike in one article
        topic = rng.choice(meeting_topics)
        speaker = secretary if order % 2 == 0 else head
        if chinese:
            text = DIRECTIVE_TEXTS_ZH[text_index].format(topic_zh=topic.name_in("zh-hans"))
        else:
            text = DIRECTIVE_TEXTS[text_index].format(topic=topic.name.lower())
        directives.append((speaker[0], VERBS[order % len(VERBS)], text, [topic]))
    published = rng.random() < 0.97
    return {
        "meeting": Meeting(
            slug=f"{kind}-{held_on:%Y%m%d}-s{seed}-{index}",
            title=title,
            held_on=held_on,
            location=f"{county.name_zh}行政中心会议室"
            if chinese
            else f"meeting room of the {county.name} administrative center",
            column=rng.choice(columns),
            summary=summary,
            other_attendees=(
                "县直各部门、各乡镇主要负责同志参加会议。"
                if chinese
                else "The main leaders of all departments at the county level and of all towns "
                "attended the meeting."
            ),
            status=Meeting.Status.PUBLISHED if published else Meeting.Status.DRAFT,
            published_at=datetime.datetime.combine(
                held_on + datetime.timedelta(days=1), datetime.time(10), CST
            )
            if published
            else None,
            issued_by=county.bodies["government"],
            index_number=f"{county.slug.upper()[:6]}-{held_on.year}-{index:06d}",
            language="zh-hans" if chinese else "en",
            source=SOURCE,
        ),
        "topics": meeting_topics,
        "attendance": [(person, role, title, body) for (person, title, body), role in attendance],
        "county": county,
        "reports": reports,
        "directives": directives,
    }


def _in_chinese(row):
    person, title, body = row
    return person, TITLES_ZH[title], body


@dataclass
class Chunk:
    """A chunk of meetings ready to store: prepared inserts, in order, and search documents."""

    inserts: list
    documents: list


def _prepare(plan, keys):
    """Build the rows of one chunk of planned meetings (those not stored yet)."""
    slugs = [p["meeting"].slug for p in plan]
    existing = set(Meeting.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    plan = [p for p in plan if p["meeting"].slug not in existing]
    if not plan:
        return Chunk([], [])
    meetings = keys.assign(Meeting, [p["meeting"] for p in plan])
    topic_links, attendances, reports, results, directives = [], [], [], [], []
    report_topics, directive_topics, documents = [], [], []
    for p, meeting in zip(plan, meetings, strict=True):
        topic_links += [(meeting.pk, topic.pk) for topic in p["topics"]]
        copies = copies_of(meeting)  # signals.copy_meeting's work, for rows written in bulk
        rows = [
            Attendance(
                meeting=meeting,
                person=person,
                role=role,
                title=title,
                organization=p["county"].bodies[body],
                order=order,
                **copies,
            )
            for order, (person, role, title, body) in enumerate(p["attendance"])
        ]
        attendances += rows
        meeting_reports = []
        for order, (reporter, subject, period, topics, unit_results) in enumerate(p["reports"]):
            report = AssessmentReport(
                meeting=meeting,
                reporter=reporter,
                subject=subject,
                period=period,
                order=order,
                **copies,
            )
            report_results = [
                AssessmentResult(
                    report=report,
                    organization=unit,
                    standing=standing,
                    award=award,
                    rank=rank,
                    score=score,
                )
                for unit, standing, award, rank, score in unit_results
            ]
            reports.append(report)
            results += report_results
            report_topics.append((report, topics))
            meeting_reports.append((report, report_results))
        meeting_directives = [
            Directive(
                meeting=meeting, issued_by=person, verb=verb, text=text, order=order, **copies
            )
            for order, (person, verb, text, _topics) in enumerate(p["directives"])
        ]
        directives += meeting_directives
        directive_topics += [
            (directive, topics)
            for directive, (*_rest, topics) in zip(meeting_directives, p["directives"], strict=True)
        ]
        documents.append(
            (meeting.pk, *compose(meeting, p["topics"], rows, meeting_reports, meeting_directives))
        )
    for model, objects in [
        (AssessmentReport, reports),
        (Attendance, attendances),
        (AssessmentResult, results),
        (Directive, directives),
    ]:
        keys.assign(model, objects)
    for report in reports:  # children were built before their parents had keys
        report.meeting_id = report.meeting.pk
    for result in results:
        result.report_id = result.report.pk
    links = [
        _links(keys, Meeting.topics.through, "meeting_id", topic_links),
        _links(
            keys,
            AssessmentReport.topics.through,
            "assessmentreport_id",
            [(report.pk, topic.pk) for report, topics in report_topics for topic in topics],
        ),
        _links(
            keys,
            Directive.topics.through,
            "directive_id",
            [(d.pk, topic.pk) for d, topics in directive_topics for topic in topics],
        ),
    ]
    return Chunk(
        [
            prepare(Meeting, meetings),
            prepare(Attendance, attendances),
            prepare(AssessmentReport, reports),
            prepare(AssessmentResult, results),
            prepare(Directive, directives),
            *links,
        ],
        documents,
    )


@transaction.atomic
def _store(chunk):
    """Write one prepared chunk and index its meetings for search."""
    for prepared in chunk.inserts:
        store(prepared)
    if chunk.documents:
        engine().write(chunk.documents)


def _links(keys, through, owner, pairs):
    links = [through(**{owner: owner_pk, "topic_id": topic_pk}) for owner_pk, topic_pk in pairs]
    return prepare(through, keys.assign(through, links))
