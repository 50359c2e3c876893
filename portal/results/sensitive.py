"""Tests that are sensitive by nature: never shown to a parent or a representative.

DOMAIN.md, "Children 12-15": sensitive tests (pregnancy, sexually transmitted infections,
HIV, drug screening) are never shown to a parent, and nothing derived from them may hint at
them; pbrl § 3-4 second paragraph and helsepersonelloven § 21. Whether a result is
sensitive follows from what was tested (its NLK code), never from which lab analysed it.

The codes are in sensitive_codes.json, picked from the Norwegian Laboratory Code Set (NLK,
version 77, see shared/reference/README.md) by the rules below; a test picks them again from
the code list when it is at hand and fails if the two differ.
"""

import json
import re
from pathlib import Path

NLK_VERSION = "7280.77"
# What makes a test sensitive, by its NLK name and definition.
RULES = {
    "pregnancy": r"\bhCG\b|Choriogonadotropin|Chorionic Gonadotropin",
    "chlamydia": r"Chlamydia trachomatis|^U-Chlamydia$",
    "gonorrhoea": r"gonorrh",
    "hiv": r"\bHIV\b|Human immunodeficiency",
    "syphilis": r"Treponema|syfilis",
    "mycoplasma_genitalium": r"Mycoplasma genitalium",
    "trichomonas": r"Trichomonas",
}
# Drug screening: the code list's own group for it, and urine tests for the common drugs.
DRUG_GROUP = "Andre rusmidler"
DRUG_NAMES = (r"^U-.*(Amfetamin|Metamfetamin|Cannabi|Tetrahydrocannabinol|Kokain|Ecstasy|MDMA"
              r"|Opiat|Morfin|Heroin|Buprenorfin|Metadon|Benzodiazepin|Fentanyl|Tramadol|GHB)")


def category_of(name: str, definition: str = "", group: str = "") -> str | None:
    """Return why a test is sensitive, from its NLK name, definition and group, or None."""
    text = f"{name} {definition}"
    for category, pattern in RULES.items():
        if re.search(pattern, name if pattern.startswith("^") else text, re.IGNORECASE):
            return category
    if group == DRUG_GROUP or re.search(DRUG_NAMES, name, re.IGNORECASE):
        return "drug_screening"
    return None


CODES: dict[str, str] = json.loads(
    (Path(__file__).with_name("sensitive_codes.json")).read_text(encoding="utf-8"))["codes"]
