"""Law titles in each language's own form (issue 15, item 8).

Nynorsk names the laws in nynorsk (Lovdata's nynorsk titles): forvaltningslova,
pasient- og brukarrettslova, helse- og omsorgstenestelova, and the county governor is
Statsforvaltaren; bokmål keeps forvaltningsloven, pasient- og brukerrettighetsloven,
helse- og omsorgstjenesteloven and Statsforvalteren. An appointment is never "kansellert".
"""

import re

import pytest
from babel.messages.pofile import read_po

from portal import translations

BOKMAL_ONLY = ("forvaltningsloven", "pasient- og brukerrettighetsloven",
               "helse- og omsorgstjenesteloven", "Statsforvalteren", "domstolloven")
NYNORSK_ONLY = ("forvaltningslova", "pasient- og brukarrettslova", "helse- og omsorgstenestelova",
                "Statsforvaltaren", "domstollova")


def _strings(lang: str):
    with (translations.CATALOGUES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        for message in read_po(f, locale=lang):
            if message.id:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                yield message, [s for s in strings if s]


@pytest.mark.parametrize(("lang", "wrong"), [("nn", BOKMAL_ONLY), ("nb", NYNORSK_ONLY)])
def test_law_titles_are_in_the_languages_own_form(lang, wrong):
    found = [(message.id, title) for message, strings in _strings(lang) for text in strings
             for title in wrong if title in text]
    assert found == []


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_an_appointment_is_never_kansellert(lang):
    """Only a lab analysis is "kansellert"; an appointment is avbestilt or avlyst."""
    found = [message.id for message, strings in _strings(lang) for text in strings
             if re.search(r"kansell", text, re.IGNORECASE)
             and (message.context or "") != "lab result" and "analys" not in text.lower()]
    assert found == []
