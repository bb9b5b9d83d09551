"""The words zonemap writes, in the reader's language: one gettext catalogue per language, through Babel.

Every string that the page, the exports and the command line's labels write is marked in the code (``t._``,
``t.n_``, ``t.p_``, :func:`N_`) and extracted, with the short texts of the bundled data (kinds, layers, the
agreements' titles, fates, credits…, see :mod:`geo.catalogue`), into ``geo/locale/zonemap.pot``. A language is a
file, ``geo/locale/<lang>/LC_MESSAGES/zonemap.po``; adding one needs no change of code (``LANGS`` is read from
the folder). ``make`` compiles each ``.po`` to its ``.mo``; where a ``.mo`` is missing or older than its ``.po``
(a fresh clone before ``make``, a copy of the tree), the ``.po`` is compiled in memory instead, so the words are
never stale.

English is the source language: its "translation" is the text itself.

Dates follow one convention per language, from the catalogue: day, month name, year. In Arabic the months are
the Levantine (Syriac) names that Syrian newsrooms use, with Western digits: "15 أيلول 2017".
"""

from __future__ import annotations

import gettext
import io
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["LOCALE_DIR", "DOMAIN", "SOURCE", "LANGS", "RTL", "Translator", "translator", "check_lang", "N_", "NP_",
           "MONTHS", "MONTHS_SHORT", "LANGUAGE_NAMES"]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "zonemap"
SOURCE = "en"
RTL = frozenset({"ar", "fa", "he", "ur", "ckb"})


def N_(message: str) -> str:
    """Mark a string for the catalogue where it is defined; it is translated where it is shown."""
    return message


def NP_(context: str, message: str) -> str:
    """:func:`N_` with a context (translated with ``t.p_(context, message)``)."""
    return message


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))
MONTHS_SHORT = (NP_("month, short", "Jan"), NP_("month, short", "Feb"), NP_("month, short", "Mar"),
                NP_("month, short", "Apr"), NP_("month, short", "May"), NP_("month, short", "Jun"),
                NP_("month, short", "Jul"), NP_("month, short", "Aug"), NP_("month, short", "Sep"),
                NP_("month, short", "Oct"), NP_("month, short", "Nov"), NP_("month, short", "Dec"))

# The languages a quoted text may be in, named for the reader (t.language("ar") -> "Arabic" / "العربية").
LANGUAGE_NAMES = {"en": NP_("language", "English"), "ar": NP_("language", "Arabic"),
                  "ru": NP_("language", "Russian"), "tr": NP_("language", "Turkish"),
                  "fa": NP_("language", "Persian"), "fr": NP_("language", "French")}


def _languages() -> tuple[str, ...]:
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE, *[lang for lang in found if lang != SOURCE])


LANGS: tuple[str, ...] = _languages()


def check_lang(lang: Any) -> str:
    """``lang`` if zonemap speaks it, else an InputError naming the languages it speaks."""
    text = str(lang or "").strip().lower()
    if text not in LANGS:
        raise InputError(f"language was {str(lang)[:20]!r} but must be one of {', '.join(LANGS)}")
    return text


class Translator:
    """The words of one language. ``t._("text")``, ``t.n_("one", "many", n)``, ``t.p_("context", "text")``; each
    takes keyword values for ``%(name)s`` placeholders, put in after translation."""

    def __init__(self, lang: str, catalogue: gettext.NullTranslations):
        self.lang = lang
        self._catalogue = catalogue

    @property
    def rtl(self) -> bool:
        return self.lang in RTL

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"

    # --- words -----------------------------------------------------------------------------------

    def _(self, message: str, **values: Any) -> str:
        return _fill(self._catalogue.gettext(message), values)

    def n_(self, singular: str, plural: str, n: int, **values: Any) -> str:
        return _fill(self._catalogue.ngettext(singular, plural, n), {"n": n, **values})

    def p_(self, context: str, message: str, **values: Any) -> str:
        return _fill(self._catalogue.pgettext(context, message), values)

    def data(self, context: str, text: Any) -> str:
        """A short text of the data (a kind, a title, a fate…) in this language if the catalogue has it, else
        as it is (a user's own file is not in the catalogue)."""
        text = "" if text is None else str(text)
        return self._catalogue.pgettext(context, text) if text.strip() else text

    def has(self, context: str, text: Any) -> bool:
        """True when ``text`` reads in this language: English, or translated in the catalogue."""
        text = "" if text is None else str(text)
        return self.lang == SOURCE or not text.strip() or self._catalogue.pgettext(context, text) != text

    # --- names -----------------------------------------------------------------------------------

    def name(self, name: Any, name_ar: Any = "") -> str:
        """A place's name as this language writes it: its Arabic name in Arabic where it has one."""
        ar = "" if name_ar is None or name_ar != name_ar else str(name_ar).strip()
        if self.lang == "ar" and ar:
            return ar
        return "" if name is None else str(name)

    def place(self, name: str) -> str:
        """A town's or country's name from the catalogue (context "place")."""
        return self.data("place", name)

    # --- dates and numbers -----------------------------------------------------------------------

    def long_date(self, day: date) -> str:
        """15 September 2017; 15 أيلول 2017."""
        return self.p_("date", "%(day)s %(month)s %(year)s", day=day.day, month=self.month(day.month),
                       year=day.year)

    def short_date(self, day: date) -> str:
        """15 Sep 2017; 15 أيلول 2017 (Arabic does not shorten its months)."""
        return self.p_("date", "%(day)s %(month)s %(year)s", day=day.day, month=self.month(day.month, short=True),
                       year=day.year)

    def month_year(self, day: date) -> str:
        """Sep 2017; أيلول 2017."""
        return self.p_("date", "%(month)s %(year)s", month=self.month(day.month, short=True), year=day.year)

    def language(self, code: str) -> str:
        """A language's name from its code ("ar" -> "Arabic"); an unknown code as it is."""
        name = LANGUAGE_NAMES.get(code)
        return self.p_("language", name) if name else code

    def month(self, number: int, short: bool = False) -> str:
        if short:
            return self.p_("month, short", MONTHS_SHORT[number - 1])
        return self._(MONTHS[number - 1])

    def number(self, value: float, decimals: int = 0) -> str:
        """1,234 (Western digits in every language zonemap speaks)."""
        digits = f"{value:,.{decimals}f}"
        return self.p_("number", "%(number)s", number=digits)

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        """a, b and c; أ، ب وج."""
        items = [str(i) for i in items]
        if len(items) <= 1:
            return "".join(items)
        comma, conjunction = self.p_("list", ", "), self.p_("list", " and ")
        return comma.join(items[:-1]) + conjunction + items[-1]


def _fill(text: str, values: dict[str, Any]) -> str:
    return text % values if values else text


@lru_cache(maxsize=8)
def translator(lang: str = SOURCE) -> Translator:
    """The :class:`Translator` of ``lang`` (one of :data:`LANGS`)."""
    lang = check_lang(lang)
    if lang == SOURCE:
        return Translator(lang, gettext.NullTranslations())
    return Translator(lang, _catalogue(lang))


def _catalogue(lang: str) -> gettext.GNUTranslations:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    try:
        if mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            with open(mo, "rb") as fh:
                return gettext.GNUTranslations(fh)
    except OSError:
        pass
    return gettext.GNUTranslations(io.BytesIO(compile_po(po)))


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file (Babel; fuzzy entries left out, as gettext does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as fh:
        catalog = read_po(fh)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()
