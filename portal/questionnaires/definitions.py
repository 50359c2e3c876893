"""Questionnaires as data: JSON files shaped like FHIR R4 `Questionnaire`, read and checked.

The shape, beyond FHIR's: every text is a map of language to text (nb, nn, en); the top-level
items are groups, one page each; a choice option may carry a `score`; `scoring` sums the
scores and names the flags (a total at least some value; one item's score at least some
value); `wording` says, per language, whose words these are (the published instrument, or
the portal's own translation where the published one was not at hand, the languages listed
in `working_translation`, which the page says); `private_to_young`
marks a form whose answers are never shown to parents.

Item types: display, choice (one answer; `repeats` for several), integer (with minValue and
maxValue), date, text (with maxLength); `required`; `enableWhen` on an earlier choice's code.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent / "instruments"
LANGUAGES = ("nb", "nn", "en")
ANSWER_TYPES = ("choice", "integer", "date", "text")
TYPES = ("display", *ANSWER_TYPES)
TEXT_MAX = 1000


class DefinitionError(ValueError):
    """A questionnaire file that does not hold to the shape above."""


@dataclass(frozen=True)
class Item:
    """One question or text: what the page shows and what an answer must be."""

    data: dict

    @property
    def link_id(self) -> str:
        return self.data["linkId"]

    @property
    def type(self) -> str:
        return self.data["type"]

    @property
    def required(self) -> bool:
        return bool(self.data.get("required"))

    @property
    def repeats(self) -> bool:
        return bool(self.data.get("repeats"))

    @property
    def options(self) -> list[dict]:
        return self.data.get("answerOption", [])

    @property
    def codes(self) -> list[str]:
        return [o["valueCoding"]["code"] for o in self.options]

    @property
    def enable_when(self) -> list[dict]:
        return self.data.get("enableWhen", [])

    def text(self, lang: str) -> str:
        return self.data["text"][lang]

    def option_text(self, code: str, lang: str) -> str:
        option = next(o for o in self.options if o["valueCoding"]["code"] == code)
        return option["valueCoding"]["display"][lang]

    def score_of(self, code: str) -> int | None:
        option = next((o for o in self.options if o["valueCoding"]["code"] == code), None)
        return option.get("score") if option is not None else None

    def enabled(self, answers: dict) -> bool:
        """Tell whether the item applies, given the answers so far (any condition holds)."""
        if not self.enable_when:
            return True
        for condition in self.enable_when:
            given = answers.get(condition["question"])
            chosen = given if isinstance(given, list) else [given]
            if condition["answerCode"] in chosen:
                return True
        return False


@dataclass(frozen=True)
class Definition:
    """A questionnaire: its sections of items, its texts and its scoring."""

    data: dict

    @property
    def code(self) -> str:
        return self.data["id"]

    @property
    def version(self) -> str:
        return self.data["version"]

    @property
    def private_to_young(self) -> bool:
        return bool(self.data.get("private_to_young"))

    def working_translation(self, lang: str) -> bool:
        """Tell whether the text in a language is the portal's own working translation of a
        published instrument (not its validated wording)."""
        return lang in self.data.get("working_translation", [])

    @property
    def scoring(self) -> dict | None:
        return self.data.get("scoring")

    def title(self, lang: str) -> str:
        return self.data["title"][lang]

    def description(self, lang: str) -> str:
        return self.data["description"][lang]

    def wording(self, lang: str) -> str:
        return self.data["wording"][lang]

    @property
    def sections(self) -> list[dict]:
        return self.data["item"]

    def section_items(self, index: int) -> list[Item]:
        return [Item(i) for i in self.sections[index]["item"]]

    def section_title(self, index: int, lang: str) -> str:
        return self.sections[index]["text"][lang]

    def items(self) -> list[Item]:
        """Return every item, in order, across the sections."""
        return [Item(i) for section in self.sections for i in section["item"]]

    def item(self, link_id: str) -> Item:
        return next(i for i in self.items() if i.link_id == link_id)


def _texts(where: str, value) -> None:
    """Check that a text is given in every language."""
    if not isinstance(value, dict) or any(not isinstance(value.get(lang), str)
                                          or not value[lang].strip() for lang in LANGUAGES):
        raise DefinitionError(f"{where}: needs a text in each of {', '.join(LANGUAGES)}")


def check(data: dict) -> Definition:
    """Return a definition after checking its shape, or raise DefinitionError."""
    if data.get("resourceType") != "Questionnaire" or not data.get("id"):
        raise DefinitionError("not a Questionnaire with an id")
    for key in ("title", "description", "wording"):
        _texts(f"{data['id']}.{key}", data.get(key))
    if not data.get("copyright"):
        raise DefinitionError(f"{data['id']}: say whose questionnaire it is (copyright)")
    seen: set[str] = set()
    choices: dict[str, list[str]] = {}
    for section in data.get("item") or []:
        if section.get("type") != "group" or not section.get("item"):
            raise DefinitionError(f"{data['id']}: the top-level items must be groups")
        _texts(f"{data['id']}.{section.get('linkId')}", section.get("text"))
        for raw in section["item"]:
            item = Item(raw)
            where = f"{data['id']}.{raw.get('linkId')}"
            if not raw.get("linkId") or item.link_id in seen or item.link_id == section["linkId"]:
                raise DefinitionError(f"{where}: linkId missing or used twice")
            if item.type not in TYPES:
                raise DefinitionError(f"{where}: unknown type {item.type!r}")
            _texts(where, raw.get("text"))
            if item.type == "choice":
                if not item.options or len(set(item.codes)) != len(item.codes):
                    raise DefinitionError(f"{where}: a choice needs distinct options")
                for option in item.options:
                    _texts(f"{where}.{option['valueCoding']['code']}",
                           option["valueCoding"].get("display"))
                choices[item.link_id] = item.codes
            for condition in item.enable_when:
                if condition.get("operator") != "=" or condition.get("answerCode") not in \
                        choices.get(condition.get("question"), []):
                    raise DefinitionError(f"{where}: enableWhen must name an earlier choice's "
                                          "option with =")
            seen.add(item.link_id)
        seen.add(section["linkId"])
    if not seen:
        raise DefinitionError(f"{data['id']}: no items")
    for flag in (data.get("scoring") or {}).get("flags", []):
        if flag["kind"] == "item_at_least" and flag["linkId"] not in choices:
            raise DefinitionError(f"{data['id']}: a flag names an unknown item")
    return Definition(data)


@cache
def from_files() -> dict[str, Definition]:
    """Return the questionnaires kept in the repository, by code."""
    found = {}
    for path in sorted(FOLDER.glob("*.json")):
        definition = check(json.loads(path.read_text(encoding="utf-8")))
        found[definition.code] = definition
    return found
