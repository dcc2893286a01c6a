"""axe-core finds no WCAG 2.1 A or AA violation on the public pages, in both languages,
at a desktop's and at a phone's width."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does).")
    return AXE.read_text(encoding="utf-8")


def run_axe(page):
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )["violations"]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"    {' '.join(node['target'])}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_have_no_wcag_violations(
    language, site, new_context, public_pages, axe_source
):
    # The site's Content-Security-Policy forbids inline scripts. An init script is
    # added by the browser itself, so axe runs without weakening the policy.
    context = new_context()
    context.add_init_script(script=axe_source)
    page = context.new_page()
    found = {}
    for name, path in public_pages(language).items():
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            if width == "desktop":
                response = page.goto(site.url + path)
                assert response.status == 200, path
            violations = run_axe(page)
            if violations:
                found[f"{name} at {width} width ({path})"] = violations
    report = "\n".join(f"{where}:\n{describe(violations)}" for where, violations in found.items())
    assert not found, f"axe found WCAG violations:\n{report}"

    # The check can fail: an emptied link is reported.
    page.evaluate("() => { document.querySelector('.site-name').textContent = ''; }")
    assert "link-name" in [violation["id"] for violation in run_axe(page)]
