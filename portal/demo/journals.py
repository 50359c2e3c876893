"""The personas' journals, as shared/PERSONAS.md describes them, dated relative to today."""

import random
from datetime import date, timedelta

from portal.journal import entries as e

from .builders import at, growth, jitter
from .builders import lab as result


def add_journals(session, today: date, people, units, staff) -> None:
    """Add every persona's journal entries."""

    rng = random.Random(20261123)
    kari, emma, jonas, sara, ola = (
        people[n] for n in ("14838800026", "02891950074", "20851250051", "15831050044", "30865940099")
    )
    gp, hs, youth, lab = (units[c] for c in ("orland-legekontor", "helsestasjon-orland",
                                            "helsestasjon-ungdom", "st-olavs-lab"))
    nils, anne = staff["nils"], staff["anne"]
    session.add_all(_kari(kari, today, rng, gp, lab, nils))
    session.add_all(_emma(emma, today, hs, gp, lab, anne, nils))
    session.add_all(_jonas(jonas, today, youth, hs, lab, units["st-olavs"],
                           staff["anne@helsestasjon-ungdom"]))
    session.add_all(_sara(sara, today, gp, lab, nils))
    session.add_all(_ola(ola, today, rng, gp, lab, units, nils))


def _kari(kari, today, rng, gp, lab, nils):
    """Hypothyroidism on levothyroxine: five years of TSH and free T4, one high; low ferritin."""

    onset = today - timedelta(days=5 * 365 + 30)
    rows = [
        e.Condition(person=kari, code_system="ICD-10", code="E03.9", display="Hypotyreose",
                    onset_date=onset, unit=gp, recorder=nils),
        e.MedicationStatement(person=kari, medication="Levaxin (levotyroksin) 100 mikrog tablett",
                              atc_code="H03AA01", dosage="1 tablett om morgenen",
                              reason="Hypotyreose", start_date=onset, unit=gp, prescriber=nils),
    ]
    for i in range(10):  # every six months for five years
        day = today - timedelta(days=30 + 182 * i)
        tsh = 6.8 if i == 6 else jitter(rng, 2.1, 1.0, 2)
        rows.append(result(kari, "NPU03577", tsh, at(day, 8, 15), lab, ordered_by=nils))
        rows.append(result(kari, "NPU03579", jitter(rng, 16.5, 3.0), at(day, 8, 15), lab,
                           ordered_by=nils))
    rows.append(result(kari, "NPU19763", 8, at(today - timedelta(days=30), 8, 15), lab,
                       ordered_by=nils))
    # Held back for the GP (category 2, auto-released after 14 days), a correction, a result
    # where the lab's word differs from the range, and a genetic test never shown (category 4).
    rows += [
        result(kari, "NPU10267", 38, at(today - timedelta(days=3), 8, 15), lab, ordered_by=nils,
               release_category=2),
        result(kari, "NPU01700", 160, at(today - timedelta(days=30), 8, 15), lab, ordered_by=nils,
               interpretation="L", comment="Lav-normal B12 ved metforminfri anemiutredning; "
               "vurderes som for lav hos deg."),
        result(kari, "NPU02070", 14, at(today - timedelta(days=30), 8, 15), lab, ordered_by=nils,
               status="corrected", comment="Svaret er rettet etter ny analyse."),
        e.Observation(person=kari, category="laboratory", code_system="urn:portal:local",
                      code="HFE-GENTEST", display="HFE-gentest", value_string="Ikke påvist",
                      status="final", release_category=4, effective_at=at(today - timedelta(days=30)),
                      issued_at=at(today - timedelta(days=20)), performer_unit=lab, ordered_by=nils),
    ]
    visit_day = today - timedelta(days=24)
    visit = e.Encounter(person=kari, unit=gp, practitioner=nils, kind="visit",
                        start_at=at(visit_day, 10), end_at=at(visit_day, 10, 20),
                        reason="Kontroll av stoffskifte")
    rows += [visit, e.DocumentEntry(
        person=kari, encounter=visit, kind="visit_summary", unit=gp, author=nils,
        title="Kontroll av stoffskifte", written_at=at(visit_day, 10, 30),
        body=("TSH og fritt T4 er innenfor referanseområdet på dagens dose Levaxin. "
              "Ferritin er lavt (8 µg/L). Anbefalt jerntilskudd i tre måneder og ny kontroll "
              "av ferritin etter det.\n\nNy kontroll av stoffskiftet om seks måneder."))]
    return rows


def _emma(emma, today, hs, gp, lab, anne, nils):
    """A child: health station visits with growth, childhood vaccinations, one CRP."""

    rows = []
    # (age in days, height cm, weight kg, head circumference cm) at the programme's health
    # station visits; the head is measured in the first two years
    for days, height, weight, head in ((42, 57.0, 5.1, 38.3), (91, 61.5, 6.3, 40.2),
                                       (183, 67.0, 7.8, 42.8), (365, 75.5, 9.7, 45.4),
                                       (730, 87.0, 12.4, 47.7), (1461, 104.0, 17.0, None),
                                       (2190, 118.0, 21.5, None)):
        day = emma.birth_date + timedelta(days=days)
        if day > today:
            continue
        visit = e.Encounter(person=emma, unit=hs, practitioner=anne, kind="visit",
                            start_at=at(day, 10), end_at=at(day, 10, 45),
                            reason="Helsestasjonskonsultasjon")
        rows.append(visit)
        rows += growth(emma, day, height, weight, hs, visit, head)
    six_years = emma.birth_date + timedelta(days=2190)
    rows.append(e.DocumentEntry(
        person=emma, kind="visit_summary", unit=hs, author=anne,
        title="Seksårskontroll på helsestasjonen", written_at=at(six_years, 11),
        body=("Emma er en glad jente i god utvikling. Høyde og vekt følger kurven. Syn og "
              "hørsel er undersøkt uten funn.\n\nNeste vaksine (DTP-IPV) gis i 2. klasse "
              "av skolehelsetjenesten.")))
    rows += _infant_doses(emma, hs)
    rows.append(result(emma, "NPU19748", 38, at(today - timedelta(days=12), 11), gp,
                       ordered_by=nils, ref_text="< 5"))
    return rows


# The childhood programme's doses up to 15 months: (ATC code, name, dose, age in months).
INFANT_DOSES = (
    ("J07BH01", "Rotavirusvaksine", 1, 1.5), ("J07BH01", "Rotavirusvaksine", 2, 3),
    ("J07CA09", "DTP-IPV-Hib-HepB", 1, 3),
    ("J07AL02", "Pneumokokkvaksine", 1, 3), ("J07CA09", "DTP-IPV-Hib-HepB", 2, 5),
    ("J07AL02", "Pneumokokkvaksine", 2, 5), ("J07CA09", "DTP-IPV-Hib-HepB", 3, 12),
    ("J07AL02", "Pneumokokkvaksine", 3, 12), ("J07BD52", "MMR", 1, 15),
)


def _infant_doses(child, hs) -> list:
    """Return a child's doses from the health station, as the programme gives them."""
    return [e.Immunization(person=child, vaccine_code=code, display=display, dose_number=dose,
                           occurred_on=child.birth_date + timedelta(days=int(months * 30.4)),
                           unit=hs, performer_id=None)
            for code, display, dose, months in INFANT_DOSES]


def _jonas(jonas, today, youth, hs, lab, hospital, anne):
    """Aged 12–15: a confidential youth health station visit, a hospital result, vaccines."""

    visit_day = today - timedelta(days=21)
    visit = e.Encounter(person=jonas, unit=youth, practitioner=anne, kind="visit",
                        start_at=at(visit_day, 15), end_at=at(visit_day, 15, 30),
                        reason="Samtale", confidential=True)
    return [
        visit,
        e.DocumentEntry(person=jonas, encounter=visit, kind="note",
                        title="Samtale på helsestasjon for ungdom",
                        body="Jonas kom alene og ønsket en samtale. Avtalt ny time ved behov.",
                        unit=youth, author=anne, written_at=at(visit_day, 15, 40),
                        confidential=True),
        result(jonas, "NOR05172", 13.9, at(today - timedelta(days=60), 9), lab),
        *_infant_doses(jonas, hs),
        e.Immunization(person=jonas, vaccine_code="J07BD52", display="MMR", dose_number=2,
                       occurred_on=jonas.birth_date + timedelta(days=11 * 365 + 120), unit=hs),
        e.Immunization(person=jonas, vaccine_code="J07CA02", display="DTP-IPV", dose_number=4,
                       occurred_on=jonas.birth_date + timedelta(days=7 * 365 + 60), unit=hs),
        e.Immunization(person=jonas, vaccine_code="J07BM03", display="HPV", dose_number=1,
                       occurred_on=jonas.birth_date + timedelta(days=12 * 365 + 100), unit=hs),
    ]


def _sara(sara, today, gp, lab, nils):
    """Aged 16 and over: her own results."""

    return [
        result(sara, "NOR05172", 12.4, at(today - timedelta(days=45), 9), lab, ordered_by=nils),
        result(sara, "NPU19763", 22, at(today - timedelta(days=45), 9), lab, ordered_by=nils),
    ]


def _ola(ola, today, rng, gp, lab, units, nils):
    """Type 2 diabetes over years, one critical potassium, a discharge summary, home care."""

    hospital, home_care = units["st-olavs"], units["hjemmetjenesten-orland"]
    onset = today - timedelta(days=9 * 365)
    rows = [
        e.Condition(person=ola, code_system="ICD-10", code="E11.9", display="Diabetes mellitus type 2",
                    onset_date=onset, unit=gp, recorder=nils),
        e.Condition(person=ola, code_system="ICD-10", code="I10", display="Hypertensjon",
                    onset_date=onset - timedelta(days=700), unit=gp, recorder=nils),
        e.MedicationStatement(person=ola, medication="Metformin 500 mg tablett", atc_code="A10BA02",
                              dosage="2 tabletter morgen og kveld", reason="Diabetes type 2",
                              start_date=onset, unit=gp, prescriber=nils),
        e.MedicationStatement(person=ola, medication="Atorvastatin 20 mg tablett",
                              atc_code="C10AA05", dosage="1 tablett om kvelden",
                              reason="Forebygging av hjerte- og karsykdom",
                              start_date=onset + timedelta(days=90), unit=gp, prescriber=nils),
        e.MedicationStatement(person=ola, medication="Ramipril 5 mg kapsel", atc_code="C09AA05",
                              dosage="1 kapsel daglig", reason="Høyt blodtrykk", status="stopped",
                              start_date=onset - timedelta(days=700),
                              end_date=today - timedelta(days=40), unit=hospital),
    ]
    for i in range(16):  # every six months for eight years
        day = today - timedelta(days=20 + 182 * i)
        when = at(day, 8, 30)
        rows.append(result(ola, "NPU27300", jitter(rng, 56 - i * 0.8, 5, 0), when, lab,
                           ordered_by=nils))
        rows.append(result(ola, "NOR25909", jitter(rng, 58 + i * 1.5, 4, 0), when, lab,
                           ordered_by=nils))
        rows.append(result(ola, "NPU01568", jitter(rng, 2.6 + i * 0.05, 0.4), when, lab,
                           ordered_by=nils))
    rows += [
        result(ola, "NPU08669", 9.8, at(today - timedelta(days=5), 8, 30), lab, ordered_by=nils,
               release_category=3),
        result(ola, "NPU02192", 11.2, at(today - timedelta(days=1), 8, 30), lab, ordered_by=nils,
               status="preliminary"),
    ]
    admitted = today - timedelta(days=46)
    stay = e.Encounter(person=ola, unit=hospital, kind="admission", start_at=at(admitted, 14),
                       end_at=at(admitted + timedelta(days=4), 11),
                       reason="Hyperkalemi og akutt nyresvikt")
    rows += [
        stay,
        result(ola, "NPU03230", 6.8, at(admitted, 15), lab, encounter=stay,
               comment="Kritisk høy verdi, ringt til vakthavende lege.", shared_by=nils,
               shared_comment="Du ble lagt inn for dette samme dag, og kaliumet var normalt "
                              "ved utreise. Vi tar ny kontroll hos meg om to uker."),
        result(ola, "NPU03230", 4.3, at(admitted + timedelta(days=3), 8), lab, encounter=stay),
        e.DocumentEntry(
            person=ola, encounter=stay, kind="discharge_summary",
            title="Epikrise fra St. Olavs hospital, medisinsk avdeling",
            body=("Innlagt med høyt kalium (6,8 mmol/L) og nedsatt nyrefunksjon under "
                  "oppkast og diaré. Behandlet med væske. Ramipril seponert. Kalium normalt "
                  "ved utreise (4,3 mmol/L). Kontroll av kalium og kreatinin hos fastlege om "
                  "to uker. Hjemmesykepleien følger opp medisiner og blodsukker."),
            unit=hospital, written_at=at(admitted + timedelta(days=4), 10),
        ),
        e.DocumentEntry(
            person=ola, kind="letter", unit=hospital,
            title="Innkalling til poliklinisk kontroll, nyremedisinsk poliklinikk",
            written_at=at(today - timedelta(days=20), 9),
            body=("Du er satt opp til kontroll på nyremedisinsk poliklinikk om tre måneder. "
                  "Ta blodprøver hos fastlegen en uke før timen.\n\nTa med medisinlisten din."),
        ),
        e.DocumentEntry(
            person=ola, kind="visit_summary", unit=gp, author=nils,
            title="Kontroll etter sykehusopphold", written_at=at(admitted + timedelta(days=14), 13),
            body=("Kalium 4,3 og kreatinin stabilt. Ramipril fortsatt seponert; blodtrykket er "
                  "akseptabelt. Fortsetter metformin og atorvastatin. Hjemmesykepleien følger opp."),
        ),
        e.CarePlan(person=ola, title="Hjemmesykepleie",
                   description="Besøk hver morgen: medisiner, blodsukkermåling og fotstell.",
                   start_date=admitted + timedelta(days=5), unit=home_care),
    ]
    return rows
