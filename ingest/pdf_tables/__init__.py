"""A PDF page's tables, which pypdf's plain text flattens, read back from its layout mode:
rows of figures (:mod:`.figures`) and tables of words whose cells wrap (:mod:`.words`)."""
from __future__ import annotations

from .figures import with_columns
from .words import with_grid_tables


def with_tables(plain: str, layout: str) -> str:
    """``plain`` (a page's plain text) with its tables' rows as ``layout`` shows them, cells
    separated by a tab: rows of figures first, then tables of words."""
    return with_grid_tables(with_columns(plain, layout), layout)


__all__ = ["with_columns", "with_grid_tables", "with_tables"]
