"""Links to public pages: each view is reversed once per language, the slug put in place."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from meetings.links import page_url
from meetings.models import Column, Meeting, Organization, Person, Topic

PAGES = [model.page_name for model in (Meeting, Person, Organization, Topic, Column)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("viewname", PAGES)
def test_a_page_address_is_the_one_django_reverses_in_each_language(viewname, language):
    with translation.override(language):
        for slug in ["county-meeting-2024-03-01", "wang-wei-2", "a", "under_score"]:
            assert page_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})
        assert page_url(viewname, "x").startswith(f"/{language}/")


def test_a_site_served_under_a_path_links_below_it():
    set_script_prefix("/portal/")
    try:
        with translation.override("en"):
            assert page_url("meetings:topic", "roads") == "/portal/en/topics/roads/"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("slug", ["two words", "安全生产", "", "a/b"])
def test_a_slug_no_address_can_carry_is_refused_as_django_refuses_it(slug):
    with translation.override("en"), pytest.raises(NoReverseMatch):
        page_url("meetings:meeting", slug)
