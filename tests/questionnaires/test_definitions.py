"""The questionnaires kept as JSON (issue 21, item 1): shaped as the portal reads them, in
three languages, each saying whose it is."""

import copy

import pytest

from portal.questionnaires import definitions
from portal.questionnaires.definitions import DefinitionError, check


def test_the_three_questionnaires_are_there_and_hold_to_the_shape():
    found = definitions.from_files()
    assert set(found) == {"epds", "before-visit", "youth"}
    for definition in found.values():
        assert definition.data["copyright"]
        for lang in definitions.LANGUAGES:
            assert definition.title(lang) and definition.wording(lang)


def test_the_epds_cites_its_source_and_says_which_wording_is_not_the_published_one():
    epds = definitions.from_files()["epds"]
    assert "Cox JL, Holden JM, Sagovsky R" in epds.data["copyright"]
    assert "1987;150:782-786" in epds.data["copyright"]
    assert epds.wording("en").startswith("The published wording")
    assert "not at hand" in epds.wording("nb")
    assert epds.working_translation("nb") and epds.working_translation("nn")
    assert not epds.working_translation("en")


def test_the_epds_has_ten_questions_of_four_answers():
    epds = definitions.from_files()["epds"]
    questions = [i for i in epds.items() if i.type == "choice"]
    assert [i.link_id for i in questions] == [f"epds-{n}" for n in range(1, 11)]
    assert all(len(i.options) == 4 and i.required for i in questions)


def test_the_youth_form_is_private_and_optional():
    youth = definitions.from_files()["youth"]
    assert youth.private_to_young
    assert not any(item.required for item in youth.items())


def _broken(change) -> dict:
    data = copy.deepcopy(definitions.from_files()["before-visit"].data)
    change(data)
    return data


@pytest.mark.parametrize("change, words", [
    (lambda d: d["title"].pop("nn"), "needs a text in each"),
    (lambda d: d["item"][0]["item"].append(dict(d["item"][0]["item"][0])), "used twice"),
    (lambda d: d["item"][0]["item"][0].update(type="slider"), "unknown type"),
    (lambda d: d["item"][0]["item"][3]["enableWhen"][0].update(answerCode="maybe"),
     "enableWhen"),
    (lambda d: d["item"][0]["item"][2].update(answerOption=[]), "distinct options"),
    (lambda d: d.pop("copyright"), "copyright"),
])
def test_a_broken_file_is_refused_with_the_reason(change, words):
    with pytest.raises(DefinitionError, match=words):
        check(_broken(change))
