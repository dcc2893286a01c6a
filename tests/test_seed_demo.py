"""seed_demo loads the sample faithfully, again and again, and generates synthetic meetings;
`make run` gets a fresh clone that far."""

import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F, Q
from reversion.models import Version

from meetings.demo.synthetic import LEADER_POSTS, TITLES_ZH
from meetings.models import (
    AssessmentReport,
    AssessmentResult,
    Attendance,
    Directive,
    Meeting,
    Person,
    Topic,
)

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Meeting, Person, Attendance, AssessmentReport, AssessmentResult, Directive)
    }


def test_sample_meeting_is_faithful(sample_meeting):
    assert sample_meeting.held_on.isoformat() == "2022-09-30"
    assert sample_meeting.column.name == "Key Projects"
    assert sample_meeting.column.parent.name == "Government Affairs Openness"
    roles = [(a.person.name, a.role) for a in sample_meeting.attendances.all()]
    assert roles[0] == ("Feng Jie", "speech")
    assert roles[-1] == ("Zhao Guibo", "presided")
    assert len(roles) == 18
    reporters = [r.reporter.name for r in sample_meeting.reports.all()]
    assert reporters == [
        "Liu Jie",
        "Hu Jun",
        "Zhang Xiaorui",
        "He Bingzheng",
        "He Xiaoming",
        "Guo Jianjun",
    ]
    awards = sorted(
        (r.units_described, r.standing, r.award)
        for r in AssessmentResult.objects.filter(report__meeting=sample_meeting)
    )
    assert awards == [
        ("two excellent departments", "excellent", "red_flag"),
        ("two lagging departments", "lagging", "yellow_card"),
        ("two towns", "excellent", "red_flag"),
        ("two towns", "lagging", "yellow_card"),
    ]
    assert not AssessmentResult.objects.filter(organization__isnull=False).exists(), (
        "no invented units"
    )
    assert [d.verb for d in sample_meeting.directives.all()] == [
        "pointed_out",
        "required",
        "stressed",
    ]


def test_seed_demo_is_idempotent(sample_meeting):
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
    again = Meeting.objects.get(pk=sample_meeting.pk)
    assert again.version == sample_meeting.version, "nothing was saved the second time"
    assert Version.objects.get_for_object(again).count() == 1, "one revision: the first load"


def test_synthetic_meetings_are_deterministic_and_marked(db):
    call_command("seed_demo", meetings=40, seed=7, stdout=io.StringIO())
    first = list(
        Meeting.objects.filter(source="synthetic")
        .order_by("slug")
        .values_list("slug", "title", "held_on")
    )
    assert len(first) == 40
    assert Attendance.objects.filter(meeting__source="synthetic").count() >= 40 * 7
    assert AssessmentResult.objects.filter(award="red_flag", organization__isnull=False).exists()
    # Running it again adds nothing; a fresh database with the same seed gets the same meetings.
    call_command("seed_demo", meetings=40, seed=7, stdout=io.StringIO())
    assert Meeting.objects.filter(source="synthetic").count() == 40
    Meeting.objects.filter(source="synthetic").delete()
    call_command("seed_demo", meetings=40, seed=7, stdout=io.StringIO())
    again = list(
        Meeting.objects.filter(source="synthetic")
        .order_by("slug")
        .values_list("slug", "title", "held_on")
    )
    assert again == first


def test_rows_written_in_bulk_keep_their_meetings_day_and_publication(db):
    """seed_demo writes rows without saving them one by one, so without the signals that
    copy their meeting's day and publication: it copies them itself (a person's page
    reads them, see models/meeting_copies.py)."""
    call_command("seed_demo", meetings=40, seed=3, stdout=io.StringIO())
    for rows, least in (
        (Attendance.objects, 40),
        (AssessmentReport.objects, 30),  # most meetings hear one or more
        (Directive.objects, 40),
    ):
        assert rows.filter(meeting__source="synthetic").count() >= least
        assert not rows.exclude(meeting_held_on=F("meeting__held_on")).exists()
        published = Q(meeting__status="published")
        assert (
            not rows.filter(published)
            .exclude(meeting_public_from=F("meeting__published_at"))
            .exists()
        )
        assert not rows.exclude(published).filter(meeting_public_from__isnull=False).exists()
    assert Attendance.objects.exclude(meeting__status="published").exists(), "drafts too"


def test_generated_articles_read_as_an_editor_would_write_them(db):
    """Ranks follow scores, no article names two namesakes or repeats a directive, and
    a unit's name has no comma, which would split it in a list of units."""
    call_command("seed_demo", meetings=60, seed=5, stdout=io.StringIO())
    for meeting in Meeting.objects.filter(source="synthetic").prefetch_related(
        "attendances__person", "directives", "reports__results__organization"
    ):
        names = [row.person.name for row in meeting.attendances.all()]
        assert len(names) == len(set(names)), (meeting.slug, names)
        texts = [directive.text for directive in meeting.directives.all()]
        assert len(texts) == len(set(texts)), meeting.slug
        for report in meeting.reports.all():
            results = sorted(report.results.all(), key=lambda result: result.rank)
            scores = [result.score for result in results]
            assert scores == sorted(scores, reverse=True), (meeting.slug, scores)
            assert all("," not in result.organization.name for result in results)


def test_generated_chinese_articles_name_everyone_in_chinese(client, db):
    """Even on a database seeded before records had names in Chinese."""
    Topic.objects.create(slug="education", name="Education")
    call_command("seed_demo", meetings=60, seed=3, stdout=io.StringIO())
    assert Topic.objects.get(slug="education").name_zh == "教育"
    chinese = Meeting.objects.filter(source=Meeting.SYNTHETIC, language="zh-hans")
    assert chinese.count() > 5
    for meeting in chinese:
        assert not re.search("[A-Za-z]", meeting.title), meeting.title
        html = client.get(f"/zh-hans/meetings/{meeting.slug}/").content.decode()
        body = html.split('<div class="article-body"', 1)[1].split("</div>", 1)[0]
        names = re.findall(r"<a [^>]*>([^<]*)</a>", body)
        assert names and not [name for name in names if re.search("[A-Za-z]", name)]


def test_generated_attendees_stand_in_order_of_rank_and_periods_in_the_articles_language(db):
    """Official articles name the county's leaders by rank, those of one title together
    ("副县长张艳、胡敏、罗晓明"), and a Chinese article writes its period in Chinese."""
    call_command("seed_demo", meetings=60, seed=3, stdout=io.StringIO())
    ranks = [title for title, _body, _count in LEADER_POSTS]
    english = {chinese: english for english, chinese in TITLES_ZH.items()}
    for meeting in Meeting.objects.filter(source=Meeting.SYNTHETIC).prefetch_related(
        "attendances", "reports"
    ):
        attended = [a.title for a in meeting.attendances.all() if a.role == "attended"]
        in_english = [english.get(title, title) for title in attended]
        positions = [ranks.index(title) for title in in_english]
        assert positions == sorted(positions), (meeting.slug, attended)
        for report in meeting.reports.all():
            if meeting.language == "zh-hans":
                assert re.fullmatch(r"\d{4}年第[一二三四]季度", report.period), report.period
            else:
                assert re.fullmatch(r"\d{4} Q[1-4]", report.period), report.period


def test_people_hold_different_titles_over_time(db):
    call_command("seed_demo", meetings=300, seed=3, stdout=io.StringIO())
    titles_per_person = {}
    for person_id, title in Attendance.objects.filter(meeting__source="synthetic").values_list(
        "person_id", "title"
    ):
        titles_per_person.setdefault(person_id, set()).add(title)
    assert any(len(titles) > 1 for titles in titles_per_person.values())


def test_if_empty_leaves_a_filled_database_alone(sample_meeting):
    out = io.StringIO()
    call_command("seed_demo", meetings=10, if_empty=True, stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert Meeting.objects.count() == 1


def test_a_negative_count_is_a_command_error(db):
    with pytest.raises(CommandError, match="--meetings must be zero or more"):
        call_command("seed_demo", meetings=-1)


@pytest.mark.django_db(transaction=True)
def test_a_seed_outside_a_transaction_stores_every_chunk(client, monkeypatch):
    """A real run, not inside a test's transaction: on PostgreSQL one chunk is prepared
    while a second thread stores the one before. Every row and search entry arrives."""
    from django.contrib.contenttypes.models import ContentType

    from meetings.demo import synthetic

    # An earlier test that committed and flushed the database may have left content type
    # ids cached that no longer exist (the sample's revisions point at content types).
    ContentType.objects.clear_cache()
    monkeypatch.setattr(synthetic, "CHUNK", 15)  # several chunks, so the two threads overlap
    call_command("seed_demo", meetings=50, seed=5, stdout=io.StringIO())
    generated = Meeting.objects.filter(source="synthetic")
    assert generated.count() == 50
    assert Attendance.objects.filter(meeting__source="synthetic").count() >= 50 * 7
    assert not Directive.objects.filter(meeting__isnull=True).exists()
    # Each chunk's topics point at that chunk's own directives and meetings.
    assert Directive.topics.through.objects.count() >= 50
    assert Meeting.topics.through.objects.filter(meeting__source="synthetic").count() >= 50
    # The search index holds the generated meetings: a title word finds its meeting.
    newest = generated.order_by("-pk").first()
    response = client.get("/en/meetings/", {"q": newest.title})
    assert response.status_code == 200
    assert newest.get_absolute_url() in response.content.decode()


def gin_indexes():
    """The definitions of the meetings table's GIN indexes (PostgreSQL's; none elsewhere)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'meetings_meeting'"
            " AND indexdef LIKE '%USING gin%' ORDER BY indexname"
        )
        return [definition for (definition,) in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_a_bulk_seed_builds_the_search_indexes_again_after_loading(client):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # see test_a_seed_outside_a_transaction_stores_every_chunk
    before = gin_indexes()
    call_command("seed_demo", meetings=30, seed=6, stdout=io.StringIO())
    assert gin_indexes() == before
    if connection.vendor == "postgresql":
        assert len(before) == 2  # the search vectors' and the admin's trigrams
    newest = Meeting.objects.filter(source="synthetic").order_by("-pk").first()
    response = client.get("/en/meetings/", {"q": newest.title})
    assert newest.get_absolute_url() in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_bulk_seed_that_fails_leaves_the_search_indexes_in_place(monkeypatch):
    from django.contrib.contenttypes.models import ContentType

    from meetings.management.commands import seed_demo

    ContentType.objects.clear_cache()
    before = gin_indexes()
    during = []

    def interrupted(*args, **kwargs):
        during.append(gin_indexes())
        raise KeyboardInterrupt

    monkeypatch.setattr(seed_demo, "generate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        call_command("seed_demo", meetings=30, stdout=io.StringIO())
    assert during == [[]]  # set aside while the rows were loaded
    assert gin_indexes() == before


# `make run` on a fresh clone: the set-up before seed_demo. These run the Makefile in a
# folder of its own, with a stand-in interpreter that says which Python it is, creates
# virtual environments that are only a link to itself, and logs what pip is asked.

ROOT = Path(__file__).resolve().parent.parent


def stand_in_python(folder, version):
    path = folder / f"python{version}"
    major, minor = version.split(".")
    path.write_text(
        f"#!{sys.executable}\n"
        + textwrap.dedent(
            f"""\
            import os, sys
            args = sys.argv[1:]
            if args[:2] == ["-m", "venv"]:
                os.makedirs(args[2] + "/bin")
                os.symlink({str(path)!r}, args[2] + "/bin/python")
            elif args[:2] == ["-m", "pip"]:
                with open({str(folder / "pip.log")!r}, "a") as log:
                    log.write(" ".join(args[2:]) + "\\n")
            elif args[:1] == ["-c"]:
                sys.version_info = ({major}, {minor}, 0, "final", 0)
                sys.modules["psycopg2"] = None  # not installed yet
                exec(args[1])
            """
        )
    )
    path.chmod(0o755)
    return path


def make(folder, *args, path=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [shutil.which("make"), "--no-print-directory", "-C", str(folder), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def clone(tmp_path):
    folder = tmp_path / "clone"
    folder.mkdir()
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(ROOT / name, folder / name)
    return folder


def test_set_up_with_a_python_older_than_3_11_says_so_and_creates_nothing(clone):
    old = stand_in_python(clone.parent, "3.10")
    done = make(clone, ".venv/.installed", f"PYTHON={old}")
    assert done.returncode != 0
    assert "is Python 3.10; the portal needs 3.11 or newer" in done.stderr
    assert not (clone / ".venv").exists()


def test_a_bare_make_in_a_working_checkout_keeps_its_virtual_environment(clone):
    python = stand_in_python(clone.parent, "3.11")
    (clone / ".venv/bin").mkdir(parents=True)
    (clone / ".venv/bin/python").symlink_to(python)
    (clone / ".venv/kept").touch()
    (clone / ".venv/.installed").touch()
    done = make(clone, f"PYTHON={python}")
    assert done.returncode == 0, done.stderr
    assert (clone / ".venv/kept").exists(), done.stdout


def test_set_up_makes_a_virtual_environment_of_an_older_python_again(clone):
    old, new = stand_in_python(clone.parent, "3.10"), stand_in_python(clone.parent, "3.11")
    (clone / ".venv/bin").mkdir(parents=True)
    (clone / ".venv/bin/python").symlink_to(old)
    os.utime(clone / "requirements.txt", (0, 0))
    os.utime(clone / "requirements-dev.txt", (0, 0))
    (clone / ".venv/.installed").touch()  # installed with Python 3.10 once

    done = make(clone, ".venv/.installed", f"PYTHON={new}")
    assert done.returncode == 0, done.stderr
    assert "Making .venv again" in done.stdout
    assert (clone / ".venv/bin/python").resolve() == new
    assert "install -q -r requirements-dev.txt" in (clone.parent / "pip.log").read_text()


def tools(folder, *, apt_get, root=True):
    """A PATH with no C compiler and no pg_config, and apt-get (logging) if asked."""
    bin_ = folder / "bin"
    bin_.mkdir()
    (bin_ / "touch").symlink_to(shutil.which("touch"))
    (bin_ / "id").write_text(f"#!/bin/sh\necho {0 if root else 1000}\n")
    if apt_get:
        (bin_ / "apt-get").write_text(f'#!/bin/sh\necho "$*" >> {folder / "apt.log"}\n')
    for script in bin_.iterdir():
        script.chmod(0o755)
    return str(bin_)


def test_set_up_installs_what_building_psycopg2_needs(clone):
    python = stand_in_python(clone.parent, "3.11")
    (clone / ".venv/bin").mkdir(parents=True)
    (clone / ".venv/bin/python").symlink_to(python)

    done = make(clone, ".venv/.installed", path=tools(clone.parent, apt_get=True))
    assert done.returncode == 0, done.stderr
    installed = (clone.parent / "apt.log").read_text().splitlines()[-1]
    assert installed.startswith("install -y -qq libpq-dev gcc")
    assert "install -q -r requirements-dev.txt" in (clone.parent / "pip.log").read_text()


@pytest.mark.parametrize(
    ("apt_get", "root", "said"),
    [
        (
            False,
            True,
            "Building psycopg2 needs pg_config (PostgreSQL's client library headers), a C compiler",
        ),
        (False, True, "apt-get is not available here"),
        (True, False, "Run: sudo apt-get install libpq-dev gcc"),
    ],
)
def test_set_up_says_what_building_psycopg2_needs_where_it_cannot_install_it(
    clone, apt_get, root, said
):
    python = stand_in_python(clone.parent, "3.11")
    (clone / ".venv/bin").mkdir(parents=True)
    (clone / ".venv/bin/python").symlink_to(python)

    done = make(clone, ".venv/.installed", path=tools(clone.parent, apt_get=apt_get, root=root))
    assert done.returncode != 0
    assert said in done.stderr
    assert not (clone.parent / "pip.log").exists(), "pip was not left to fail on its own"


def test_a_sample_that_cannot_be_loaded_is_explained(db):
    """Someone entered the sample's topic under another address before running seed_demo:
    they are told what stands in the way, and nothing is written."""
    from meetings.models import Topic

    Topic.objects.create(name="Safety production", slug="work-safety")
    with pytest.raises(CommandError) as error:
        call_command("seed_demo", stdout=io.StringIO())
    message = str(error.value)
    assert "The sample meeting cannot be loaded: 1 problem(s), nothing written." in message
    assert (
        "topics[2] “safety-production”.name: “Safety production” is already the name of "
        "the topic “work-safety”" in message
    )
    assert not Meeting.objects.exists()


def directive_paragraphs(client, meeting):
    import re

    html = client.get(meeting.get_absolute_url()).content.decode()
    return [
        re.sub(r"<[^>]+>", "", paragraph).strip()
        for paragraph in re.findall(r'<p class="directive">(.*?)</p>', html, re.S)
    ]


def test_every_directive_of_an_article_ends_its_sentence(client, sample_meeting):
    """A reader of a generated article, English or Chinese, or of the sample, finds each
    directive a whole sentence: ended once, not run into the next."""
    call_command("seed_demo", meetings=20, seed=4, stdout=io.StringIO())
    generated = Meeting.objects.published().filter(source="synthetic")
    english = generated.filter(language="en").first()
    chinese = generated.filter(language="zh-hans").first()
    for meeting, stop in ((english, "."), (chinese, "。"), (sample_meeting, ".")):
        paragraphs = directive_paragraphs(client, meeting)
        assert paragraphs, meeting.language
        for paragraph in paragraphs:
            assert paragraph.endswith(stop) and not paragraph.endswith(stop * 2), paragraph
