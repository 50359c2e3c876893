"""The demo people, units and staff, exactly as shared/PERSONAS.md lists them, and the
neighbouring municipalities the insight dashboard compares with (issue 18)."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Unit:
    """A unit of the demo municipality or hospital."""

    code: str
    name: str
    kind: str
    part_of: str | None = None
    phone: str | None = None
    answer_days: int | None = None
    no_show_fee: int | None = None  # NOK for a late cancellation or a no-show
    number: str | None = None  # a municipality's number (kommunenummer)
    non_statutory: tuple[str, ...] = ()  # services a municipality treats as non-statutory
    beds: int | None = None  # a nursing home's places


@dataclass(frozen=True)
class Persona:
    """A demo person; staff have a unit and a role there."""

    national_id: str
    given_name: str
    family_name: str
    born: date
    address: tuple[str, str, str] | None
    about: object  # a lazily translated description
    unit: str | None = None
    staff_role: str | None = None
    also_at: tuple[str, ...] = ()  # further units the staff member works at, in the same role
    # The sex the register holds. The personas' fixed numbers all have an even ninth digit, so
    # for the men it differs from what the number tells (DOMAIN.md: the register's value wins).
    sex: str = "female"
    # The municipality the person is registered as living in, if it is one of the portal's.
    lives_in: str | None = "orland"
    listed_since: date | None = None  # on the GP office's list since (citizens)

    @property
    def name(self) -> str:
        """Return the full name."""
        return f"{self.given_name} {self.family_name}"

    @property
    def is_staff(self) -> bool:
        """Tell whether the persona works in a unit."""
        return self.unit is not None


UNITS = (
    Unit("st-olavs", "St. Olavs hospital", "hospital", phone="72 57 30 00"),
    Unit("orland", "Ørland kommune", "municipality", phone="72 51 40 00", number="5057",
         non_statutory=("safety_alarm", "meal_delivery")),
    Unit("orland-legekontor", "Ørland legekontor", "gp_office", "orland", "72 51 40 80", 3,
         no_show_fee=350),
    Unit("helsestasjon-orland", "Helsestasjon Ørland", "health_station", "orland", "72 51 41 20", 3),
    Unit("helsestasjon-ungdom", "Helsestasjon for ungdom", "youth_health_station",
         "helsestasjon-orland", "72 51 41 25", 3),
    Unit("hjemmetjenesten-orland", "Hjemmetjenesten Ørland", "home_care", "orland",
         "72 51 41 50", 2),
    Unit("forvaltning-orland", "Forvaltningskontoret Ørland", "case_office", "orland",
         "72 51 41 00", 5),
    Unit("st-olavs-lab", "Avdeling for medisinsk biokjemi, St. Olavs hospital", "laboratory",
         "st-olavs"),
    # Issue 18: Ørland and Bjugn merged in 2020 and kept two home-care teams.
    Unit("hjemmetjenesten-bjugn", "Hjemmetjenesten Bjugn", "home_care", "orland", "72 51 41 60",
         2),
    Unit("orland-sykehjem", "Ørland sykehjem", "nursing_home", "orland", "72 51 42 00", beds=48),
    Unit("roros", "Røros kommune", "municipality", phone="72 41 94 00", number="5025",
         non_statutory=("safety_alarm", "meal_delivery")),
    Unit("roros-legekontor", "Røros legekontor", "gp_office", "roros", "72 41 94 80", 3),
    Unit("hjemmetjenesten-roros", "Hjemmetjenesten Røros", "home_care", "roros", "72 41 95 50", 2),
    Unit("roros-sykehjem", "Røros sykehjem", "nursing_home", "roros", "72 41 95 00", beds=40),
    Unit("forvaltning-roros", "Forvaltningskontoret Røros", "case_office", "roros",
         "72 41 94 20", 5),
    Unit("molde", "Molde kommune", "municipality", phone="71 11 10 00", number="1506",
         non_statutory=("safety_alarm", "meal_delivery")),
    Unit("molde-legekontor", "Molde legekontor", "gp_office", "molde", "71 11 14 00", 3),
    Unit("hjemmetjenesten-molde-sentrum", "Hjemmetjenesten Molde sentrum", "home_care", "molde",
         "71 11 16 10", 2),
    Unit("hjemmetjenesten-molde-ost", "Hjemmetjenesten Molde øst", "home_care", "molde",
         "71 11 16 20", 2),
    Unit("molde-sykehjem", "Molde sykehjem", "nursing_home", "molde", "71 11 17 00", beds=90),
    Unit("forvaltning-molde", "Forvaltningskontoret Molde", "case_office", "molde",
         "71 11 14 50", 5),
)

_FAMILY = ("Storgata 14", "7130", "Brekstad")

PERSONAS = (
    Persona("14838800026", "Kari", "Nordmann", date(1988, 3, 14), _FAMILY,
            _l("Hypothyroidism; parent of Emma, Jonas and Sara"), listed_since=date(2018, 8, 1)),
    Persona("02891950074", "Emma", "Nordmann", date(2019, 9, 2), _FAMILY,
            _l("Child: growth, vaccinations, a CRP result"), listed_since=date(2019, 9, 2)),
    Persona("20851250051", "Jonas", "Nordmann", date(2012, 5, 20), _FAMILY,
            _l("Aged 12–15: a confidential youth health station visit"), sex="male",
            listed_since=date(2018, 8, 1)),
    Persona("15831050044", "Sara", "Nordmann", date(2010, 3, 15), _FAMILY,
            _l("Aged 16+: her parents cannot see her information"), listed_since=date(2018, 8, 1)),
    Persona("30865940099", "Ola", "Hansen", date(1959, 6, 30), ("Fjordveien 3", "7130", "Brekstad"),
            _l("Type 2 diabetes; home nursing; has given Ingrid a power of attorney"), sex="male",
            listed_since=date(2015, 1, 1)),
    Persona("08828500059", "Ingrid", "Hansen", date(1985, 2, 8),
            ("Kongens gate 20", "7011", "Trondheim"), _l("Has full power of attorney for Ola"),
            lives_in=None, listed_since=date(2011, 3, 1)),
    Persona("01929500071", "Liv", "Berg", date(1995, 12, 1), ("Havnegata 7", "7130", "Brekstad"),
            _l("New user with no data"), listed_since=date(2022, 6, 15)),
    Persona("12847900030", "Anne", "Berg", date(1979, 4, 12), ("Skolegata 2", "7130", "Brekstad"),
            _l("Public-health nurse"), "helsestasjon-orland", "nurse",
            also_at=("helsestasjon-ungdom",)),
    Persona("21877500079", "Nils", "Eide", date(1975, 7, 21), ("Sjøgata 9", "7130", "Brekstad"),
            _l("General practitioner"), "orland-legekontor", "gp", sex="male"),
    Persona("03907000019", "Per", "Lund", date(1970, 10, 3), ("Parkveien 4", "7130", "Brekstad"),
            _l("Case officer"), "forvaltning-orland", "case_officer", sex="male"),
    Persona("09896800024", "Tone", "Moe", date(1968, 9, 9), ("Bakkeveien 6", "7130", "Brekstad"),
            _l("Head of health and care"), "orland", "leader"),
)

CITIZENS = tuple(p for p in PERSONAS if not p.is_staff)
STAFF = tuple(p for p in PERSONAS if p.is_staff)
PARENT_OF = {"14838800026": ("02891950074", "20851250051", "15831050044")}
POWERS_OF_ATTORNEY = (("30865940099", "08828500059", "full"),)
