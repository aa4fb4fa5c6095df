"""Typesetting near WeasyPrint's own floor: what the board report's render leaves out.

Two costs that are not the layout itself:

- **Python's garbage collector.** A render allocates millions of small objects (boxes,
  styles, PDF dictionaries) that all live until the PDF is written; every generation-2
  collection walks all of them again, for nothing. ``paused_gc`` turns the collector off
  for the render and collects once afterwards. The reports worker also restarts after
  each task (``--max-tasks-per-child=1``), so a long-lived heap never builds up.
- **pydyf's page references.** While WeasyPrint tags a PDF/UA document
  (``weasyprint/pdf/tags.py``, and ``anchors.py`` for links), every structure element
  reads ``pdf.page_references[page_number]``; ``pydyf.PDF.page_references`` is a property
  that rebuilds the tuple of *all* pages' references at each access: elements × pages,
  quadratic in a report with a page per school. ``cached_page_references`` keeps that
  tuple until a page is added.
"""

import contextlib
import gc
from collections.abc import Iterator

# The pydyf and WeasyPrint versions whose code ``cached_page_references`` was checked
# against: pydyf 0.13.0's ``PDF.page_references`` rebuilds its tuple at every access, and
# WeasyPrint 70.0 reads it once per structure element. Checked the changelogs of pydyf up
# to 0.13.0 and WeasyPrint up to 70.0: no release caches it, so this stays until upstream
# caches it. Any other version: the context manager does nothing (the code it replaces
# may have changed), so an upgrade is safe and at worst slower; re-check and add it here.
VERIFIED_VERSIONS = {("0.13.0", "70.0")}

_CACHE_ATTRIBUTE = "_coherence_page_references"


def installed_versions() -> tuple[str, str]:
    import pydyf
    import weasyprint

    return pydyf.__version__, weasyprint.__version__


@contextlib.contextmanager
def cached_page_references() -> Iterator[bool]:
    """Within the block, ``pydyf.PDF.page_references`` is computed once per page count.

    Yields whether the cache is in force (False on versions not verified). The value is
    the same tuple pydyf computes: it is recomputed whenever a page has been added, the
    only way pydyf's ``pages['Kids']`` changes.
    """
    import pydyf

    if installed_versions() not in VERIFIED_VERSIONS:
        yield False
        return
    original = pydyf.PDF.__dict__["page_references"]

    def page_references(pdf):
        kids = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get(_CACHE_ATTRIBUTE)
        if cached is None or cached[0] != kids:
            cached = (kids, original.fget(pdf))
            pdf.__dict__[_CACHE_ATTRIBUTE] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references, doc=original.__doc__)
    try:
        yield True
    finally:
        pydyf.PDF.page_references = original


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off within the block (as it was found afterwards, even on an error),
    then one full collection of what the block left behind."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()
