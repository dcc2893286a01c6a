"""Production refuses to start without a secret key; development needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = django_check(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_mode_starts_without_any_variable():
    assert django_check(DJANGO_DEBUG="1").returncode == 0


def test_production_with_a_secret_key_starts():
    assert (
        django_check(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="example.org").returncode == 0
    )
