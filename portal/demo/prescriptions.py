"""The personas' e-prescriptions (issue 20): Ola's diabetes medicines, one running out within
a month and one expired, a habit-forming painkiller and a multidose pack he cannot renew
online; Kari's levothyroxine; Jonas's asthma inhaler, which his mother cannot renew."""

from datetime import date, timedelta

from portal.prescriptions.models import Prescription
from portal.prescriptions.rules import valid_to

# (person, medication, strength, ATC, dosage, amount, dispensings, left, group, multidose,
#  issued days ago, last collected days ago)
PRESCRIPTIONS = (
    ("30865940099", "Metformin", "500 mg", "A10BA02", "2 tabletter morgen og kveld",
     "200 tabletter", 4, 1, "C", False, 345, 80),
    ("30865940099", "Atorvastatin", "20 mg", "C10AA05", "1 tablett om kvelden",
     "100 tabletter", 4, 0, "C", False, 400, 130),
    ("30865940099", "Sitagliptin", "100 mg", "A10BH01", "1 tablett daglig", "98 tabletter",
     4, 3, "C", False, 60, 55),
    ("30865940099", "Paralgin forte", "400 mg/30 mg", "N02AJ06",
     "1–2 tabletter ved sterke smerter, høyst 8 i døgnet", "20 tabletter", 1, 1, "B", False,
     30, None),
    ("30865940099", "Ramipril", "5 mg", "C09AA05", "1 tablett om morgenen",
     "multidose, 14 dager om gangen", 26, 20, "C", True, 100, 10),
    ("14838800026", "Levaxin (levotyroksin)", "50 mikrog", "H03AA01",
     "1 tablett om morgenen, 30 minutter før frokost", "100 tabletter", 4, 2, "C", False,
     150, 40),
    ("20851250051", "Ventoline", "0,1 mg/dose", "R03AC02",
     "1–2 inhalasjoner ved behov", "1 inhalator (200 doser)", 3, 2, "C", False, 200, 90),
)


def add_prescriptions(session, today: date, people, units, staff) -> None:
    """Add the personas' prescriptions, written by their GP at the GP office."""
    nils, office = staff["nils"], units["orland-legekontor"]
    for (number, medication, strength, atc, dosage, amount, dispensings, left, group,
         multidose, issued_ago, collected_ago) in PRESCRIPTIONS:
        issued = today - timedelta(days=issued_ago)
        session.add(Prescription(
            person=people[number], medication=medication, strength=strength, atc_code=atc,
            dosage=dosage, amount=amount, dispensings=dispensings, dispensings_left=left,
            prescription_group=group, multidose=multidose, issued_on=issued,
            valid_to=valid_to(issued),
            last_dispensed_on=today - timedelta(days=collected_ago) if collected_ago else None,
            unit=office, prescriber=nils))
