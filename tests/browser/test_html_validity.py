"""The Nu Html Checker finds no error in the public pages' HTML, in both languages."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
# The checker says nothing about a file it cannot read, so one known-bad document goes
# with the pages: if its errors are not reported, the checker did not check anything.
CANARY = "canary.html"
INVALID_HTML = '<!DOCTYPE html><html lang="en"><title>x</title><p><div></p>'


@pytest.fixture(scope="module")
def java():
    path = shutil.which("java")
    if path is None:
        pytest.skip("Java not found: the Nu Html Checker (vnu.jar) needs a java executable")
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `npm ci` (make test does).")
    return path


def test_public_pages_are_valid_html(java, site, playwright, public_pages, tmp_path):
    # Plain HTTP requests: this check needs no browser.
    request = playwright.request.new_context()
    pages = {}
    for language in ("en", "zh-hans"):
        for name, path in public_pages(language).items():
            # The HTML as the server sends it, before any script runs.
            response = request.get(site.url + path)
            assert response.status == 200, path
            file = tmp_path / f"{language}-{name}.html"
            file.write_bytes(response.body())
            pages[file.name] = path
    request.dispose()
    (tmp_path / CANARY).write_text(INVALID_HTML, encoding="utf-8")

    # One run for all files: the checker takes seconds to start.
    files = sorted(str(tmp_path / name) for name in [*pages, CANARY])
    completed = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(completed.stderr or completed.stdout)["messages"]
    by_file = {}
    for message in messages:
        name = message.get("url", "").rsplit("/", 1)[-1]
        by_file.setdefault(name, []).append(message)

    assert by_file.pop(CANARY, None), f"the checker did not report the invalid canary: {messages}"
    errors = [
        f"{pages.get(name, name)} line {m.get('lastLine')}: {m['message']}\n"
        f"    {m.get('extract', '').strip()}"
        for name, found in sorted(by_file.items())
        for m in found
    ]
    assert not errors, "The Nu Html Checker reports errors:\n" + "\n".join(errors)
