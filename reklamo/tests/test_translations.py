import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_compiled_catalogue_matches_its_source(po_path):
    """The committed .mo must say what the .po says: run compilemessages after editing."""
    with po_path.with_suffix(".mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        if entry.msgid_plural:
            got = compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            expected = entry.msgstr_plural[0]
        else:
            lookup = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            got = compiled._catalog.get(lookup)
            expected = entry.msgstr
        if got != expected:
            stale.append(entry.msgid)
    assert stale == []


def test_every_offered_language_is_fully_translated():
    for code, _name in settings.LANGUAGES:
        if code == "en":
            continue
        catalogue = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))
        missing = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
        assert missing == [], f"{code}: {len(missing)} untranslated"
