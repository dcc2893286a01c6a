"""Screenshots of the main pages at a phone's and a desktop's width, for the README.

They are written to docs/screenshots/ on every run, so they always show the site as
the current templates render it.
"""

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
PAGES = ["home", "list", "search", "article", "person", "organization"]


@pytest.mark.parametrize("device", WIDTHS)
def test_main_pages_are_photographed(device, site, new_context, public_pages):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_context(viewport=WIDTHS[device], device_scale_factor=1).new_page()
    addresses = public_pages("en")
    for name in PAGES:
        response = page.goto(site.url + addresses[name])
        assert response.status == 200, addresses[name]
        page.wait_for_load_state("load")
        # Nothing wider than the screen: a page that scrolls sideways looks broken.
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{addresses[name]} is {overflow}px wider than a {device} screen"
        target = SCREENSHOTS / f"{name}-{device}.png"
        page.screenshot(path=str(target), animations="disabled", caret="hide")
        assert target.stat().st_size > 10_000, f"{target} is nearly empty"
