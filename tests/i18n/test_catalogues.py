"""The catalogues are complete: nb, nn and en, none stale, untranslated or fuzzy."""

import re

import pytest
from babel.messages.pofile import read_po

from portal import translations

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _ids(catalog) -> set:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


@pytest.fixture(scope="module")
def template():
    with translations.POT.open("rb") as f:
        return read_po(f)


def test_messages_pot_is_not_stale(tmp_path, template):
    fresh = tmp_path / "messages.pot"
    translations.extract(fresh)
    with fresh.open("rb") as f:
        extracted = read_po(f)
    missing = _ids(extracted) - _ids(template)
    gone = _ids(template) - _ids(extracted)
    assert not missing and not gone, (
        "messages.pot is stale; run: flask --app app translations update\n"
        f"new strings: {sorted(map(str, missing))[:20]}\nremoved: {sorted(map(str, gone))[:20]}"
    )


@pytest.mark.parametrize("lang", translations.LANGUAGES)
def test_catalogue_is_complete_and_not_fuzzy(lang, template):
    with (translations.CATALOGUES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, context=message.context)
        if translated is None:
            problems.append(f"missing: {message.id!r}")
            continue
        strings = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        if translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        source = message.id if isinstance(message.id, str) else message.id[0]
        for text in strings:
            if text and set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {message.id!r} -> {text!r}")
    assert not problems, f"{lang}: " + "\n".join(problems[:40])
