"""The catalogue of strings (issue 23): every word the page, the exports and the command line's labels write is in
each language's catalogue, translated; Arabic dates follow the Levantine convention of Syrian newsrooms; plural
forms follow the language's rules; a language is a file."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from geo import i18n
from geo.catalogue import extract
from geo.errors import InputError

LOCALE = Path(i18n.__file__).parent / "locale"
# The Levantine (Syriac) month names, as Syrian newsrooms (SANA, Enab Baladi, Syria TV) write them.
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
             "تشرين الثاني", "كانون الأول"]


def _key(message) -> tuple:
    return message.context, message.id if isinstance(message.id, str) else tuple(message.id)


@pytest.fixture(scope="module")
def fresh():
    return extract()


def catalogues():
    return sorted(LOCALE.glob("*/LC_MESSAGES/zonemap.po"))


def test_there_is_an_arabic_catalogue_and_each_catalogue_is_a_language_zonemap_speaks():
    assert (LOCALE / "ar" / "LC_MESSAGES" / "zonemap.po") in catalogues()
    assert set(i18n.LANGS) == {"en"} | {p.parent.parent.name for p in catalogues()}


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: p.parent.parent.name)
def test_every_string_the_page_and_the_exports_use_is_translated(fresh, po):
    """Extracted afresh from geo/, app.py and the bundled data; each must be translated (not empty, not fuzzy)."""
    with open(po, "rb") as fh:
        catalogue = read_po(fh)
    have = {_key(m): m for m in catalogue if m.id}
    missing, empty, fuzzy = [], [], []
    for message in fresh:
        if not message.id:
            continue
        found = have.get(_key(message))
        if found is None:
            missing.append(_key(message))
        elif found.fuzzy:
            fuzzy.append(_key(message))
        elif not (found.string if isinstance(found.string, str) else all(found.string)):
            empty.append(_key(message))
    assert not missing, f"not in {po.name} (run make catalogue, then translate): {missing[:10]}"
    assert not empty, f"untranslated in {po}: {empty[:10]}"
    assert not fuzzy, f"fuzzy (to be checked) in {po}: {fuzzy[:10]}"


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: p.parent.parent.name)
def test_translations_keep_their_placeholders(po):
    """Babel's own checks: a translation has the same %(name)s placeholders as its English, and every plural form."""
    with open(po, "rb") as fh:
        catalogue = read_po(fh)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue.check()]
    assert not problems, problems[:5]
    # {name} placeholders (the page's sentences) are not checked by Babel: the same names, in every form.
    for m in catalogue:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = set(re.findall(r"\{(\w*)\}", ids[-1]))
        for string in strings:
            assert set(re.findall(r"\{(\w*)\}", string)) == wanted, (m.id, string)


def test_the_template_lists_what_the_code_and_data_now_say(fresh):
    """geo/locale/zonemap.pot is what `make catalogue` extracts now (translators work from it)."""
    with open(LOCALE / "zonemap.pot", "rb") as fh:
        template = {_key(m) for m in read_po(fh) if m.id}
    assert template == {_key(m) for m in fresh if m.id}


def test_a_compiled_catalogue_says_what_its_po_says(tmp_path):
    """The .mo make compiles (or the one compiled in memory when it is missing) holds the .po's translations."""
    import gettext

    po = LOCALE / "ar" / "LC_MESSAGES" / "zonemap.po"
    with open(_mo(po, tmp_path), "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    with open(po, "rb") as fh:
        catalogue = read_po(fh)
    for message in catalogue:
        if message.id and isinstance(message.id, str):
            got = compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
            assert got == message.string
    t = i18n.translator("ar")
    assert t._("Key") == catalogue.get("Key").string


def _mo(po: Path, tmp_path: Path) -> Path:
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
        return mo
    out = tmp_path / "zonemap.mo"
    out.write_bytes(i18n.compile_po(po))
    return out


def test_arabic_dates_use_levantine_months_and_western_digits():
    t = i18n.translator("ar")
    for month, name in enumerate(LEVANTINE, start=1):
        assert t.long_date(date(2017, month, 15)) == f"15 {name} 2017"
        assert t.short_date(date(2020, month, 5)) == f"5 {name} 2020"  # Arabic does not shorten its months
    assert i18n.translator("en").long_date(date(2017, 9, 15)) == "15 September 2017"
    assert i18n.translator("en").short_date(date(2018, 9, 17)) == "17 Sep 2018"


def test_arabic_plural_forms_follow_the_number():
    """Arabic has six plural forms; a provision, two provisions (the dual), three."""
    t = i18n.translator("ar")
    one = t.n_("Provision %(labels)s", "Provisions %(labels)s", 1, labels="5")
    two = t.n_("Provision %(labels)s", "Provisions %(labels)s", 2, labels="5، 7")
    three = t.n_("Provision %(labels)s", "Provisions %(labels)s", 3, labels="2، 5، 7")
    assert one.startswith("البند ") and two.startswith("البندان ") and three.startswith("البنود ")
    en = i18n.translator("en")
    assert en.n_("Provision %(labels)s", "Provisions %(labels)s", 2, labels="5, 7") == "Provisions 5, 7"


def test_lists_and_directions():
    ar, en = i18n.translator("ar"), i18n.translator("en")
    assert en.join(["Idlib", "Homs", "Daraa"]) == "Idlib, Homs and Daraa"
    assert ar.join(["إدلب", "حمص", "درعا"]) == "إدلب، حمص ودرعا"  # "and" joins the last name without a space
    assert ar.rtl and ar.dir == "rtl" and not en.rtl and en.dir == "ltr"


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(InputError, match="must be one of en, ar"):
        i18n.check_lang("xx")
    assert i18n.check_lang(" AR ") == "ar"


def test_data_text_the_catalogue_lacks_stays_as_it_is():
    t = i18n.translator("ar")
    assert t.data("fate", "A fate from a user's own file.") == "A fate from a user's own file."
    assert not t.has("fate", "A fate from a user's own file.") and t.has("fate", "")
    assert t.data("kind", "De-escalation area") == "منطقة خفض التصعيد"


def test_a_po_newer_than_its_compiled_catalogue_is_read_instead(tmp_path, monkeypatch):
    """A translation corrected in the .po shows at once, even before make recompiles the .mo."""
    import os

    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = LOCALE / "ar" / "LC_MESSAGES" / "zonemap.po"
    (folder / "zonemap.mo").write_bytes(i18n.compile_po(po))
    text = po.read_text(encoding="utf-8").replace('msgstr "مفتاح الخريطة"', 'msgstr "دليل الخريطة"')
    (folder / "zonemap.po").write_text(text, encoding="utf-8")
    old = (folder / "zonemap.mo").stat().st_mtime_ns - 10**9
    os.utime(folder / "zonemap.mo", ns=(old, old))
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translator.cache_clear()
    try:
        assert i18n.translator("ar")._("Key") == "دليل الخريطة"
    finally:
        i18n.translator.cache_clear()


def _marked_calls():
    """Every call of a catalogue keyword (``t._``, ``t.n_``, ``t.p_``, ``N_``, ``NP_``, words.py's ``n_``) in geo/ and
    app.py, with whether it sits inside an f-string: (file, line, call, in_fstring)."""
    import ast

    root = Path(i18n.__file__).resolve().parents[1]
    files = sorted((root / "geo").rglob("*.py")) + [root / "app.py"]
    keywords = {"_", "n_", "p_", "N_", "NP_"}
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        inside: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                inside.update(id(n) for n in ast.walk(node))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in keywords:
                    yield file.relative_to(root), node.lineno, node, id(node) in inside


# Calls that translate a message marked where it is defined (N_/NP_/n_ tables), by file and argument.
ELSEWHERE = {
    ("geo/i18n.py", "MONTHS[number - 1]"), ("geo/i18n.py", "MONTHS_SHORT[number - 1]"),  # the month names
    ("geo/i18n.py", "name"),  # LANGUAGE_NAMES
    ("geo/static/handout.py", "status"),  # STATUS_WORDS
    ("geo/words.py", "WORDS[key]"), ("geo/words.py", "many"),  # the page's sentences and counted words
}


def test_every_marked_string_is_one_the_catalogue_can_find():
    """Babel reads the code's words statically: a call inside an f-string, or with a message that is not written
    out, is never extracted, and the page shows it in English whatever the language (the map's legend title and
    the periods' "before" did). Each such call is a string the page uses that no catalogue could hold."""
    hidden, dynamic = [], []
    for file, line, call, in_fstring in _marked_calls():
        if in_fstring:
            hidden.append(f"{file}:{line}")
        # the message (for p_/NP_ the context and the message) must be written out as a string
        name = call.func.attr if hasattr(call.func, "attr") else call.func.id
        wanted = {"_": 1, "N_": 1, "n_": 2, "p_": 2, "NP_": 2}[name]
        import ast

        given = [ast.unparse(a) for a in call.args[:wanted]]
        if (len(call.args) < wanted or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                               for a in call.args[:wanted])) and (str(file), given[-1]) not in ELSEWHERE:
            dynamic.append(f"{file}:{line}: {given}")
    assert not hidden, f"catalogue calls inside f-strings (never extracted): {hidden}"
    assert not dynamic, f"catalogue calls whose message is not a written-out string: {dynamic}"


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: p.parent.parent.name)
def test_every_sentence_of_the_page_is_in_each_catalogue(po):
    """geo/words.py's table (every sentence the page writes) and its counted words, message by message, are
    translated in each catalogue with the same {placeholders}: a third language is a .po file."""
    from geo.words import PLURALS, WORDS

    with open(po, "rb") as fh:
        catalogue = read_po(fh)
    for key, english in WORDS.items():
        found = catalogue.get(english)
        assert found is not None and found.string and not found.fuzzy, f"{key}: {english!r} not in {po}"
        assert set(re.findall(r"\{(\w*)\}", found.string)) == set(re.findall(r"\{(\w*)\}", english)), key
    for key, (one, _many) in PLURALS.items():
        found = catalogue.get(one)
        assert found is not None and all(found.string) and not found.fuzzy, f"{key} not in {po}"
