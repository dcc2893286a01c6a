import pytest
from django.core.cache import caches
from django.core.management import call_command

from meetings.models import Meeting


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: no page, stored search, content generation
    or list of topics and columns left by another test's database."""
    from django.core.cache import cache

    from meetings.generation_memo import forget
    from meetings.page_cache import forget_debt

    cache.clear()
    forget()
    yield
    forget_debt()  # nothing owed to this test's cache is raised in the next test's


@pytest.fixture(autouse=True)
def no_work_left_by_another_test():
    """Every test starts with nothing queued in this thread for after a commit: a test
    whose transaction is rolled back leaves its queue, as a failed request would."""
    from meetings.models.tally import forget_recounts
    from meetings.search import forget_scheduled
    from meetings.signals import forget_changed

    forget_scheduled()
    forget_recounts()
    forget_changed()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language. A request leaves its language
    active in the thread that served it (a server activates each request's own), so a
    Chinese page fetched by one test would otherwise turn the next test's reverse()
    into a Chinese address."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def sample_meeting(db, django_capture_on_commit_callbacks):
    """The user's sample article, loaded by seed_demo, with its search index written."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    return Meeting.objects.get(slug="county-key-work-promotion-meeting-2022-09-30")


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.invalid", "pw-for-tests-1"
    )
    client.force_login(user)
    return client


@pytest.fixture
def make_staff(django_user_model):
    """make_staff("Editor") logs in a staff member of that group and returns their client."""
    from django.contrib.auth.models import Group
    from django.test import Client

    def make(group, username=None):
        user = django_user_model.objects.create_user(
            username or group.lower(),
            f"{group.lower()}@example.invalid",
            "pw-for-tests-1",
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


def redis_available():
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=1).ping()
        return True
    except Exception:
        return False


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    if request.param == "redis" and not redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    settings.PAGE_CACHE = True
    settings.GENERATION_IS_SHARED = True  # as with Redis (local memory: one process here)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        if request.param == "locmem"
        else {
            "BACKEND": "portal.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    caches["default"].clear()
    yield request.param
    caches["default"].clear()


@pytest.fixture
def shared_generation(settings):
    """Every process reads and raises one content generation, as with Redis: values are
    kept per generation (meetings/generation_memo.py)."""
    settings.GENERATION_IS_SHARED = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as a committed transaction would: its on-commit work happens."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
