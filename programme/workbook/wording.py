"""How the workbook's cells are worded, read back into the programme's values: a priority as
the programme words it (“High / medium”, “Haute”, or its code), an actor by its identifier or
its name in any language with “(to be confirmed)” / “(à confirmer)” marking a proposed actor,
yes/no, lists in one cell. The rules the fixtures follow (a per-item priority needs the items'
priorities, a conditional one its wording) are the models' and the loader's, checked when the
records are saved (`programme.loading`)."""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from ..choices import Priority
from .layout import LANGUAGES, LIST_SEPARATOR

PROPOSED_MARKERS = (
    "to be confirmed",
    "tbc",
    "à confirmer",
    "a confirmer",
    "подлежит подтверждению",
    "требует подтверждения",
)
_PROPOSED = re.compile(
    r"\s*\((" + "|".join(re.escape(m) for m in PROPOSED_MARKERS) + r")\)\s*$", re.IGNORECASE
)
YES = {"yes", "y", "true", "1", "x", "oui", "да"}
NO = {"", "no", "n", "false", "0", "non", "нет"}


def normalise(text):
    """Lower case, one space between words, “/” with a space either side."""
    text = re.sub(r"\s*/\s*", " / ", str(text).strip().lower())
    return re.sub(r"\s+", " ", text.replace("’", "'"))


#: The levels as the programme's French text words them (“Haute / Moyenne”), beside the
#: portal's own labels in each language.
PROGRAMME_WORDS = {"haute": Priority.HIGH, "moyenne": Priority.MEDIUM, "basse": Priority.LOW}
#: Two levels joined by “/”.
COMBINED = {
    (Priority.HIGH, Priority.MEDIUM): Priority.HIGH_MEDIUM,
    (Priority.MEDIUM, Priority.LOW): Priority.MEDIUM_LOW,
}


def _priority_words():
    words = dict(PROGRAMME_WORDS)
    for value, label in zip(Priority.values, Priority.labels, strict=True):
        words[normalise(value)] = value
        for lang in LANGUAGES:
            with translation.override(lang):
                words.setdefault(normalise(str(label)), value)
    return words


def _worded(text):
    words = _priority_words()
    if text in words:
        return words[text]
    parts = [words.get(part) for part in text.split(" / ")]
    return COMBINED.get(tuple(parts)) if len(parts) == 2 else None


def parse_priority(cell, blank_allowed=False):
    """The Priority value of a priority as worded; ValueError names the known wordings."""
    if cell in (None, "") and blank_allowed:
        return ""
    value = _worded(normalise(cell or ""))
    if value is None:
        known = ", ".join(f"“{label}”" for label in Priority.labels)
        raise ValueError(
            _("unknown priority “%(value)s” (one of %(known)s, or its French or Russian)")
            % {"value": cell, "known": known}
        )
    return value


def priority_label(value):
    """The English wording the export writes (read back by `parse_priority`)."""
    if not value:
        return ""
    with translation.override("en"):
        return str(Priority(value).label)


def split_proposed(cell):
    """(the actor as named, proposed?): “TRAFFIC (à confirmer)” -> ("TRAFFIC", True)."""
    text = str(cell or "").strip()
    match = _PROPOSED.search(text)
    if match:
        return text[: match.start()].strip(), True
    return text, False


def parse_bool(cell):
    word = normalise(cell if cell is not None else "")
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(_("“%(value)s” is neither yes nor no") % {"value": cell})


def split_list(cell):
    return [item.strip() for item in str(cell or "").split(LIST_SEPARATOR) if item.strip()]


def join_list(items):
    return f"{LIST_SEPARATOR} ".join(items)
