"""Dates and numbers as the region reads them (FORMAT_MODULE_PATH), one module per language.

No all-numeric date anywhere (12/02/2026 reads as 12 February in most of the region and as
2 December in the United States): the month's name in the page's language, times in 24 h.
Numbers are grouped by thousands where `intcomma` (or `money`) asks for it; input formats
stay Django's."""
