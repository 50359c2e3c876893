"""A test's name as the page shows it: the catalogue's name in the page's language, with the
lab's own name beside it where they differ (DOMAIN.md, "Lab results"): "Potassium (Kalium)".
"""

from flask_babel import gettext as _

from portal.results.catalogue import TESTS


def test_name(code: str, lab_name: str) -> str:
    """Return the name of a test for the page, from its code and the name the lab sent."""
    test = TESTS.get(code)
    if test is None:
        return lab_name
    name = str(test.name)
    if " ".join(name.split()).casefold() == " ".join(lab_name.split()).casefold():
        return name
    return _("{name} ({lab_name})").format(name=name, lab_name=lab_name)


def of(observation) -> str:
    """Return the shown name of a stored result."""
    return test_name(observation.code, observation.display)
