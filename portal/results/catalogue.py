"""The lab tests the portal knows, coded with NLK (NPU) first and LOINC alongside.

Reference ranges here are typical adult ranges used by the demo data; a result's own range,
as the lab sent it, is what the portal shows. The NPU codes follow the Norwegian Laboratory
Code Set (NLK) as best known here; verify them against the current NLK release before use
with real laboratory data.
"""

from dataclasses import dataclass

NLK = "urn:oid:2.16.578.1.12.4.1.1.7280"
LOINC = "http://loinc.org"


@dataclass(frozen=True)
class LabTest:
    """A test as the laboratory code set names it."""

    npu: str
    loinc: str | None
    display: str
    unit: str
    ref_low: float | None
    ref_high: float | None
    critical_low: float | None = None
    critical_high: float | None = None
    decimals: int = 1


TESTS = {
    t.npu: t
    for t in (
        LabTest("NPU03577", "3016-3", "TSH", "mIU/L", 0.27, 4.2, None, None, 2),
        LabTest("NPU03579", "3024-7", "Fritt T4", "pmol/L", 12, 22),
        LabTest("NPU19763", "2276-4", "Ferritin", "µg/L", 15, 150, None, None, 0),
        LabTest("NPU19748", "1988-5", "CRP", "mg/L", None, 5, None, None, 0),
        LabTest("NPU27300", "59261-8", "HbA1c", "mmol/mol", 20, 42, None, None, 0),
        LabTest("NPU02192", "2345-7", "Glukose", "mmol/L", 4.0, 6.0, 2.5, 25),
        LabTest("NPU03429", "2951-2", "Natrium", "mmol/L", 137, 145, 120, 160, 0),
        LabTest("NPU03230", "2823-3", "Kalium", "mmol/L", 3.5, 4.4, 2.5, 6.0),
        LabTest("NPU04998", "2160-0", "Kreatinin", "µmol/L", 60, 105, None, 500, 0),
        LabTest("NPU28929", "62238-1", "eGFR", "mL/min/1,73 m²", 60, None, 15, None, 0),
        LabTest("NPU01568", "18262-6", "LDL-kolesterol", "mmol/L", None, 3.0),
        LabTest("NPU01567", "2085-9", "HDL-kolesterol", "mmol/L", 1.0, None),
        LabTest("NPU04094", "2571-8", "Triglyserider", "mmol/L", None, 2.6),
        LabTest("NPU19651", "1742-6", "ALAT", "U/L", 10, 70, None, None, 0),
        LabTest("NPU28309", "718-7", "Hemoglobin", "g/dL", 11.7, 15.3, 7.0, 20.0),
        LabTest("NPU02593", "6690-2", "Leukocytter", "10⁹/L", 3.5, 10.0, 1.0, 30.0),
        LabTest("NPU03568", "777-3", "Trombocytter", "10⁹/L", 145, 390, 20, 1000, 0),
        LabTest("NPU10267", "1989-3", "Vitamin D (25-OH)", "nmol/L", 50, 150, None, None, 0),
        LabTest("NPU01700", "2132-9", "Vitamin B12", "pmol/L", 150, 650, None, None, 0),
        LabTest("NPU02070", "2284-8", "Folat", "nmol/L", 10, 45, None, None, 0),
        LabTest("NPU08669", "2857-1", "PSA", "µg/L", None, 4.0, None, None, 2),
        LabTest("NPU19654", "1920-8", "ASAT", "U/L", 15, 45, None, None, 0),
        LabTest("NPU19657", "2324-2", "GT", "U/L", 10, 80, None, None, 0),
        LabTest("NPU27783", "6768-6", "ALP", "U/L", 35, 105, None, None, 0),
        LabTest("NPU01370", "1975-2", "Bilirubin", "µmol/L", 5, 25, None, None, 0),
        LabTest("NPU19673", "1751-7", "Albumin", "g/L", 36, 48, None, None, 0),
        LabTest("NPU01443", "17861-6", "Kalsium", "mmol/L", 2.15, 2.51, 1.6, 3.5, 2),
        LabTest("NPU02647", "19123-9", "Magnesium", "mmol/L", 0.71, 0.94, 0.4, None, 2),
        LabTest("NPU03688", "3084-1", "Urat", "µmol/L", 155, 400, None, None, 0),
        LabTest("NPU19656", "2157-6", "CK", "U/L", 35, 210, None, None, 0),
        LabTest("NPU01566", "2093-3", "Totalkolesterol", "mmol/L", None, 5.0),
        LabTest("NPU02508", "2498-4", "Jern", "µmol/L", 9, 34, None, None, 0),
        LabTest("NPU01685", "6301-6", "INR", "", 0.8, 1.2, None, 4.5),
        LabTest("NPU01944", "787-2", "MCV", "fL", 82, 98, None, None, 0),
    )
}

# Growth measurements (vital signs), coded with LOINC only.
HEIGHT = ("8302-2", "Høyde", "cm")
WEIGHT = ("29463-7", "Vekt", "kg")
