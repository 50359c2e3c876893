"""The lab tests the portal knows, coded with the Norwegian Laboratory Code Set and LOINC.

Every code was checked against NLK version 7280.77 (Helsedirektoratet's Norsk
laboratoriekodeverk, OID 2.16.578.1.12.4.1.1.7280): valid, not expired, and in the unit the
list gives (tests/results/test_catalogue.py reads the list where it is at hand). `display`
is the short Norwegian name a Norwegian laboratory sends; `name` is the catalogue's name in
the page's language (DOMAIN.md, "Lab results": the test's name in the page's language beside
the lab's own name). Reference ranges by sex and age are in `ranges.py`; critical limits here
are adults' limits that laboratories telephone (ringegrenser).
"""

from dataclasses import dataclass

from flask_babel import lazy_pgettext as _p

NLK = "urn:oid:2.16.578.1.12.4.1.1.7280"
NLK_VERSION = "7280.77"
LOINC = "http://loinc.org"


@dataclass(frozen=True)
class LabTest:
    """A test as the laboratory code set names it."""

    npu: str
    loinc: str | None
    display: str
    name: object
    unit: str
    critical_low: float | None = None
    critical_high: float | None = None
    decimals: int = 1


TESTS = {
    t.npu: t
    for t in (
        LabTest("NPU03577", "3016-3", "TSH", _p("lab test", "TSH"), "mIU/L", decimals=2),
        LabTest("NPU03579", "3024-7", "Fritt T4", _p("lab test", "Free T4"), "pmol/L"),
        LabTest("NPU19763", "2276-4", "Ferritin", _p("lab test", "Ferritin"), "µg/L", decimals=0),
        LabTest("NPU19748", "1988-5", "CRP", _p("lab test", "CRP"), "mg/L", decimals=0),
        LabTest("NPU27300", "59261-8", "HbA1c", _p("lab test", "HbA1c"), "mmol/mol", decimals=0),
        LabTest("NPU02192", "2345-7", "Glukose", _p("lab test", "Glucose"), "mmol/L", 2.5, 25),
        LabTest("NPU03429", "2951-2", "Natrium", _p("lab test", "Sodium"), "mmol/L", 120, 160, 0),
        LabTest("NPU03230", "2823-3", "Kalium", _p("lab test", "Potassium"), "mmol/L", 2.5, 6.0),
        LabTest("NPU04998", "2160-0", "Kreatinin", _p("lab test", "Creatinine"), "µmol/L", None, 500, 0),
        LabTest("NOR25909", "62238-1", "eGFR", _p("lab test", "eGFR"), "mL/min/1,73 m²", 15, None, 0),
        LabTest("NPU01568", "18262-6", "LDL-kolesterol", _p("lab test", "LDL cholesterol"), "mmol/L"),
        LabTest("NPU01567", "2085-9", "HDL-kolesterol", _p("lab test", "HDL cholesterol"), "mmol/L"),
        LabTest("NPU04094", "2571-8", "Triglyserider", _p("lab test", "Triglycerides"), "mmol/L"),
        LabTest("NPU19651", "1742-6", "ALAT", _p("lab test", "ALT"), "U/L", decimals=0),
        LabTest("NOR05172", "718-7", "Hemoglobin", _p("lab test", "Haemoglobin"), "g/dL", 7.0, 20.0),
        LabTest("NPU02593", "6690-2", "Leukocytter", _p("lab test", "White blood cells"), "10⁹/L", 1.0, 30.0),
        LabTest("NPU03568", "777-3", "Trombocytter", _p("lab test", "Platelets"), "10⁹/L", 20, 1000, 0),
        LabTest("NPU10267", "1989-3", "Vitamin D (25-OH)", _p("lab test", "Vitamin D (25-OH)"), "nmol/L",
                decimals=0),
        LabTest("NPU01700", "2132-9", "Vitamin B12", _p("lab test", "Vitamin B12"), "pmol/L", decimals=0),
        LabTest("NPU02070", "2284-8", "Folat", _p("lab test", "Folate"), "nmol/L", decimals=0),
        LabTest("NPU08669", "2857-1", "PSA", _p("lab test", "PSA"), "µg/L", decimals=2),
        LabTest("NPU19654", "1920-8", "ASAT", _p("lab test", "AST"), "U/L", decimals=0),
        LabTest("NPU19657", "2324-2", "GT", _p("lab test", "GT"), "U/L", decimals=0),
        LabTest("NPU27783", "6768-6", "ALP", _p("lab test", "ALP"), "U/L", decimals=0),
        LabTest("NPU01370", "1975-2", "Bilirubin", _p("lab test", "Bilirubin"), "µmol/L", decimals=0),
        LabTest("NPU19673", "1751-7", "Albumin", _p("lab test", "Albumin"), "g/L", decimals=0),
        LabTest("NPU01443", "17861-6", "Kalsium", _p("lab test", "Calcium"), "mmol/L", 1.6, 3.5, 2),
        LabTest("NPU02647", "19123-9", "Magnesium", _p("lab test", "Magnesium"), "mmol/L", 0.4, None, 2),
        LabTest("NPU09356", "3084-1", "Urat", _p("lab test", "Urate"), "µmol/L", decimals=0),
        LabTest("NPU19656", "2157-6", "CK", _p("lab test", "CK"), "U/L", decimals=0),
        LabTest("NPU01566", "2093-3", "Totalkolesterol", _p("lab test", "Total cholesterol"), "mmol/L"),
        LabTest("NPU02508", "2498-4", "Jern", _p("lab test", "Iron"), "µmol/L", decimals=0),
        LabTest("NPU01685", "6301-6", "INR", _p("lab test", "INR"), "", None, 4.5),
        LabTest("NPU01944", "787-2", "MCV", _p("lab test", "MCV"), "fL", decimals=0),
    )
}

# Growth measurements (vital signs), coded with LOINC only.
HEIGHT = ("8302-2", "Høyde", "cm")
WEIGHT = ("29463-7", "Vekt", "kg")
HEAD_CIRCUMFERENCE = ("9843-4", "Hodeomkrets", "cm")
BMI = ("39156-5", "KMI", "kg/m²")
GROWTH_CODES = tuple(code for code, _, _ in (HEIGHT, WEIGHT, HEAD_CIRCUMFERENCE, BMI))
