"""What the journal declares to the access decision: its areas and which rows are in each.

Parents of a 12-15 year old see vaccinations and growth; notes, documents, medicines,
problems and plans only where the young person shares them; confidential entries never
(DOMAIN.md, "Children 12-15"). A Standard or Read power of attorney covers everything but
notes and documents (DOMAIN.md, "Adults (fullmakt)").
"""

from flask_babel import lazy_gettext as _l

from portal.access import (
    EXCEPT_COMMUNICATE,
    FULL_ONLY,
    Area,
    Grant,
    Rows,
    ShareCategory,
)
from portal.journal.entries import (
    CarePlan,
    Condition,
    DocumentEntry,
    Immunization,
    MedicationStatement,
    Observation,
)
from portal.results.catalogue import GROWTH_CODES
from portal.results.models import listed_rows

NOTE_KINDS = ("visit_summary", "note")
LETTER_KINDS = ("letter", "discharge_summary")

NOTES_DOCUMENTS = ShareCategory("notes_documents", _l("Notes, visit summaries and letters"))
MEDICINES = ShareCategory("medications", _l("Medicines"))
PROBLEMS_PLANS = ShareCategory("problems_plans", _l("Problems and care plans"))


def _documents(kinds: tuple[str, ...]) -> Rows:
    """Return the rows of documents of some kinds; confidential ones only for some readers."""
    return Rows(DocumentEntry, owner=DocumentEntry.person_id,
                where=lambda: [DocumentEntry.kind.in_(kinds)],
                confidential=lambda: DocumentEntry.confidential)


NOTES = Area("notes", _l("visit summaries and notes"), powers=FULL_ONLY,
             share=NOTES_DOCUMENTS, rows=(_documents(NOTE_KINDS),))
DOCUMENTS = Area("documents", _l("letters and documents"), powers=FULL_ONLY,
                 share=NOTES_DOCUMENTS, rows=(_documents(LETTER_KINDS),))
# The GP office reads the medication list of the people on its list (beside a request to
# renew a prescription, issue 20; the purpose is declared by the prescriptions feature).
MEDICATIONS = Area("medications", _l("the medication list"), powers=EXCEPT_COMMUNICATE,
                   share=MEDICINES,
                   rows=(Rows(MedicationStatement, owner=MedicationStatement.person_id,
                              staff=listed_rows(MedicationStatement)),))
PROBLEMS = Area("problems", _l("the problem list"), powers=EXCEPT_COMMUNICATE,
                share=PROBLEMS_PLANS,
                rows=(Rows(Condition, owner=Condition.person_id,
                           confidential=lambda: Condition.confidential),))
VACCINATIONS = Area("vaccinations", _l("vaccinations"), powers=EXCEPT_COMMUNICATE,
                    parents_12_15=Grant.VIEW,
                    rows=(Rows(Immunization, owner=Immunization.person_id),))
GROWTH = Area("growth", _l("growth measurements"), powers=EXCEPT_COMMUNICATE,
              parents_12_15=Grant.VIEW,
              rows=(Rows(Observation, owner=Observation.person_id,
                         where=lambda: [Observation.category == "vital-signs",
                                        Observation.code.in_(GROWTH_CODES)],
                         confidential=lambda: Observation.confidential),))
CARE_PLANS = Area("care_plans", _l("care plans"), powers=EXCEPT_COMMUNICATE,
                  share=PROBLEMS_PLANS, rows=(Rows(CarePlan, owner=CarePlan.person_id),))

# The journal's sections, each with its area, in the order the page shows them.
SECTIONS = {
    "notes": NOTES,
    "letters": DOCUMENTS,
    "medications": MEDICATIONS,
    "problems": PROBLEMS,
    "vaccinations": VACCINATIONS,
    "plans": CARE_PLANS,
    "growth": GROWTH,
}
