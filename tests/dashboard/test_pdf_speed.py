"""The render near the engine's floor: the collector paused and restored, pydyf's page
references cached on the verified versions only, and the same bytes either way."""

import gc
from datetime import datetime
from zoneinfo import ZoneInfo

import pydyf
import pytest
import time_machine

from dashboard import pdf_speed
from dashboard.models import BoardReport
from dashboard.reports import render_pdf


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_collector_is_paused_during_the_render_and_restored_after_it(world, monkeypatch):
    seen = []
    real_render = __import__("weasyprint").Document.write_pdf

    def spy(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr("weasyprint.Document.write_pdf", spy)
    assert gc.isenabled()
    render_pdf(BoardReport(district=world.a.district, school=world.a.school))
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_is_restored_when_the_render_fails(world, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr("weasyprint.HTML.render", broken)
    with pytest.raises(RuntimeError, match="layout failed"):
        render_pdf(BoardReport(district=world.a.district, school=world.a.school))
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        with pdf_speed.paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_installed_versions_are_the_verified_ones():
    """An upgrade of pydyf or WeasyPrint fails here: read the new page_references code and
    the changelogs, then add the versions (or remove the cache if upstream caches it)."""
    assert pdf_speed.installed_versions() in pdf_speed.VERIFIED_VERSIONS


def test_page_references_are_cached_until_a_page_is_added():
    pdf = pydyf.PDF()
    with pdf_speed.cached_page_references() as active:
        assert active
        for _ in range(3):
            pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        first = pdf.page_references
        assert pdf.page_references is first  # not rebuilt
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert len(pdf.page_references) == 4
    assert pdf.page_references == pydyf.PDF.page_references.fget(pdf)
    assert pdf.page_references is not pdf.page_references  # pydyf's own property again


def test_the_cache_does_nothing_on_versions_not_verified(monkeypatch):
    original = pydyf.PDF.__dict__["page_references"]
    monkeypatch.setattr(pydyf, "__version__", "0.99.0")
    with pdf_speed.cached_page_references() as active:
        assert not active
        assert pydyf.PDF.__dict__["page_references"] is original
    assert pydyf.PDF.__dict__["page_references"] is original


def test_the_pdf_is_byte_identical_with_and_without_the_cache(world, monkeypatch):
    """The same report, the same clock (the report prints the day it was made; WeasyPrint
    writes no creation date unless the HTML asks for one) and the same identifier: the
    same bytes, with pydyf's page references cached or not."""
    report = BoardReport(district=world.a.district, school_pages="pages")
    made = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
    activations = []
    real = pdf_speed.cached_page_references

    def recording():
        cm = real()

        class Wrapper:
            def __enter__(self):
                active = cm.__enter__()
                activations.append(active)
                return active

            def __exit__(self, *exc):
                return cm.__exit__(*exc)

        return Wrapper()

    monkeypatch.setattr("dashboard.reports.cached_page_references", recording)
    with time_machine.travel(made, tick=False):
        cached = render_pdf(report)
        monkeypatch.setattr(pdf_speed, "VERIFIED_VERSIONS", set())
        uncached = render_pdf(report)
    assert activations == [True, False]
    assert report.pages >= 2
    assert cached == uncached


def test_the_collection_runs_once_the_layout_is_no_longer_referenced(world, monkeypatch):
    """Collecting while the typesetting's frame still holds the document would walk every
    box for nothing and free none of them."""
    import weakref

    import weasyprint

    documents = []
    real_render = weasyprint.HTML.render

    def render(self, *args, **kwargs):
        document = real_render(self, *args, **kwargs)
        documents.append(weakref.ref(document))
        return document

    alive_at_collection = []
    real_collect = gc.collect

    def collect(*args):
        alive_at_collection.append(documents[0]() is not None)
        return real_collect(*args)

    monkeypatch.setattr(weasyprint.HTML, "render", render)
    monkeypatch.setattr(pdf_speed.gc, "collect", collect)
    render_pdf(BoardReport(district=world.a.district, school=world.a.school))
    assert alive_at_collection == [False]
