"""What the synthetic population is made of: names, places, tests, vaccines and messages."""

from dataclasses import dataclass

MALE = (
    "Ola", "Per", "Lars", "Anders", "Jon", "Erik", "Magnus", "Henrik", "Kristian", "Martin",
    "Jonas", "Emil", "Oskar", "Filip", "Jakob", "Tobias", "Sander", "Sindre", "Håkon", "Knut",
    "Arne", "Bjørn", "Odd", "Terje", "Geir", "Trond", "Svein", "Tor", "Even", "Aksel",
)
FEMALE = (
    "Kari", "Ingrid", "Anne", "Liv", "Marit", "Randi", "Solveig", "Berit", "Astrid", "Hilde",
    "Nina", "Silje", "Ida", "Ingeborg", "Nora", "Emma", "Sara", "Sofie", "Maja", "Ella",
    "Thea", "Hedda", "Tuva", "Signe", "Guro", "Marte", "Kristin", "Gunn", "Åse", "Frida",
)
FAMILY = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Andreassen", "Jacobsen", "Dahl", "Halvorsen", "Lund", "Moe", "Strand", "Solberg",
    "Brekke", "Aune", "Vik", "Rønning", "Lian", "Hoff", "Wold", "Austad", "Sæther", "Fjær",
)
STREETS = (
    "Storgata", "Kirkegata", "Skolegata", "Fjordveien", "Strandveien", "Bakkeveien",
    "Parkveien", "Myrveien", "Granveien", "Bjørkeveien", "Solbakken", "Ringveien",
)


@dataclass(frozen=True)
class Habits:
    """How a municipality's services tend to work, which its insight dashboard then shows."""

    self_booked: float  # of the GP appointments of people 16 and over, booked in the portal
    no_show: tuple[float, float]  # the no-show rate of self-booked and of staff-booked ones
    answered_in_time: float  # of the GP office's answers to a citizen's question
    case_days: float  # median days from an application to its decision (practical help)


@dataclass(frozen=True)
class Municipality:
    """Where synthetic people live: a demo municipality, its postcodes and streets.

    `people` weighs the draw (the real populations); each place is served by one of the
    municipality's home-care teams; `main_share` bounds how much of a person's home care
    their main employee gives (continuity of care differs a little between municipalities);
    `habits` make the other indicators differ a little too.
    """

    code: str
    people: int
    places: tuple[tuple[str, str, int, str], ...]  # postcode, place, weight, home-care team
    streets: tuple[str, ...]
    main_share: tuple[float, float]
    habits: Habits


MUNICIPALITIES = (
    # Most of Ørland lives in Brekstad; Bjugn's villages have their own team since the merger.
    Municipality("orland", 8000, (
        ("7130", "Brekstad", 45, "hjemmetjenesten-orland"),
        ("7140", "Opphaug", 12, "hjemmetjenesten-orland"),
        ("7142", "Uthaug", 10, "hjemmetjenesten-orland"),
        ("7153", "Garten", 8, "hjemmetjenesten-orland"),
        ("7150", "Storfosna", 2, "hjemmetjenesten-orland"),
        ("7160", "Bjugn", 14, "hjemmetjenesten-bjugn"),
        ("7165", "Oksvoll", 5, "hjemmetjenesten-bjugn"),
        ("7167", "Vallersund", 4, "hjemmetjenesten-bjugn"),
    ), ("Havnegata", "Sjøgata", "Austråttveien", "Fosenveien", "Måsvegen", "Ørlandsveien"),
        (0.35, 0.85), Habits(0.70, (0.025, 0.06), 0.90, 32)),
    Municipality("roros", 5600, (
        ("7374", "Røros", 82, "hjemmetjenesten-roros"),
        ("7372", "Glåmos", 9, "hjemmetjenesten-roros"),
        ("7370", "Brekken", 9, "hjemmetjenesten-roros"),
    ), ("Bergmannsgata", "Kjerkgata", "Småsetran", "Hyttegata", "Osloveien"), (0.40, 0.85),
        Habits(0.64, (0.02, 0.05), 0.86, 35)),
    Municipality("molde", 32000, (
        ("6413", "Molde", 22, "hjemmetjenesten-molde-sentrum"),
        ("6415", "Molde", 18, "hjemmetjenesten-molde-sentrum"),
        ("6416", "Molde", 16, "hjemmetjenesten-molde-sentrum"),
        ("6419", "Molde", 12, "hjemmetjenesten-molde-ost"),
        ("6421", "Molde", 10, "hjemmetjenesten-molde-ost"),
        ("6450", "Hjelset", 6, "hjemmetjenesten-molde-ost"),
        ("6460", "Eidsvåg", 5, "hjemmetjenesten-molde-ost"),
        ("6475", "Midsund", 5, "hjemmetjenesten-molde-sentrum"),
        ("6470", "Eresfjord", 2, "hjemmetjenesten-molde-ost"),
    ), ("Romsdalsgata", "Storgata", "Fannestrandvegen", "Julsundvegen", "Reknesvegen"),
        (0.35, 0.80), Habits(0.74, (0.035, 0.075), 0.82, 38)),
)

# Median and log-normal spread of each test in a GP office's patients: most results fall
# inside the reference range, some outside it.
TYPICAL = {
    "NPU03577": (1.8, 0.45), "NPU03579": (16.5, 0.14), "NPU19763": (60, 0.6),
    "NPU19748": (1.5, 1.0), "NPU27300": (36, 0.1), "NPU02192": (5.1, 0.1),
    "NPU03429": (140, 0.015), "NPU03230": (4.0, 0.06), "NPU04998": (78, 0.2),
    "NOR25909": (88, 0.2), "NPU01568": (2.9, 0.28), "NPU01567": (1.5, 0.25),
    "NPU04094": (1.2, 0.45), "NPU19651": (25, 0.45), "NOR05172": (13.8, 0.08),
    "NPU02593": (6.5, 0.25), "NPU03568": (250, 0.22), "NPU10267": (65, 0.35),
    "NPU01700": (350, 0.35), "NPU02070": (20, 0.4), "NPU08669": (1.2, 0.8),
}
CRP_QUICK = ("NPU19748",)  # taken and analysed at the GP office
PSA = ("NPU08669",)
PANELS = (
    ("NOR05172", "NPU02593", "NPU03568", "NPU19748"),
    CRP_QUICK,
    ("NPU02192", "NPU27300", "NPU04998", "NOR25909", "NPU03429", "NPU03230"),
    ("NPU01568", "NPU01567", "NPU04094"),
    ("NOR05172", "NPU19763", "NPU03577", "NPU01700", "NPU02070", "NPU10267"),
    ("NPU19651", "NPU04998", "NOR25909"),
)


@dataclass(frozen=True)
class Chronic:
    """A long-term condition followed up at the GP office with tests every half year."""

    condition: tuple[str, str]
    medication: tuple[str, str, str]
    reason: str
    tests: tuple[str, ...]
    typical: dict[str, tuple[float, float]]
    min_age: int
    share: float


CHRONIC = (
    Chronic(("E11.9", "Diabetes mellitus type 2"),
            ("Metformin 500 mg tablett", "A10BA02", "2 tabletter morgen og kveld"),
            "Diabeteskontroll",
            ("NPU27300", "NPU02192", "NPU04998", "NOR25909", "NPU01568", "NPU03230"),
            {"NPU27300": (53, 0.15), "NPU02192": (7.5, 0.2), "NOR25909": (75, 0.2),
             "NPU01568": (2.4, 0.3)}, 40, 0.08),
    Chronic(("E03.9", "Hypotyreose"),
            ("Levaxin (levotyroksin) 100 mikrog tablett", "H03AA01", "1 tablett om morgenen"),
            "Kontroll av stoffskiftet", ("NPU03577", "NPU03579"), {"NPU03577": (2.2, 0.55)},
            20, 0.05),
    Chronic(("I10", "Essensiell hypertensjon"),
            ("Amlodipin 5 mg tablett", "C08CA01", "1 tablett daglig"),
            "Blodtrykkskontroll", ("NPU04998", "NOR25909", "NPU03429", "NPU03230"), {},
            45, 0.1),
)

# Health station visits: age in days, and a typical height (cm), weight (kg) and head
# circumference (cm, measured in the first two years) then.
GROWTH = (
    (42, 57.0, 5.1, 38.2), (91, 61.5, 6.3, 40.3), (183, 67.0, 7.8, 43.0),
    (244, 70.5, 8.5, 44.2), (365, 75.5, 9.7, 45.7), (457, 79.0, 10.4, 46.5),
    (548, 82.0, 11.0, 47.1), (730, 87.0, 12.4, 48.0), (1461, 104.0, 17.0, None),
    (2190, 118.0, 21.5, None),
)
# The childhood immunisation programme: ATC code, name, dose, age in months.
VACCINES = (
    ("J07BH01", "Rotavirusvaksine", 1, 1.5), ("J07BH01", "Rotavirusvaksine", 2, 3),
    ("J07CA09", "DTP-IPV-Hib-HepB", 1, 3), ("J07AL02", "Pneumokokkvaksine", 1, 3),
    ("J07CA09", "DTP-IPV-Hib-HepB", 2, 5), ("J07AL02", "Pneumokokkvaksine", 2, 5),
    ("J07CA09", "DTP-IPV-Hib-HepB", 3, 12), ("J07AL02", "Pneumokokkvaksine", 3, 12),
    ("J07BD52", "MMR", 1, 15), ("J07CA02", "DTP-IPV", 4, 84), ("J07BD52", "MMR", 2, 132),
    ("J07BM03", "HPV", 1, 144), ("J07CA02", "dTP-IPV", 5, 180),
)

CHILD_REASONS = ("Øreverk", "Feber", "Hoste", "Hudutslett", "Magesmerter", "Sår hals")
ADULT_REASONS = (
    "Luftveisinfeksjon", "Ryggsmerter", "Hodepine", "Magesmerter", "Hudutslett", "Svimmelhet",
    "Tretthet", "Sykmelding", "Helsesjekk", "Smerter i kneet", "Søvnproblemer", "Hoste",
)
# A citizen's question to the GP office and the office's answer.
TOPICS = (
    ("Fornyelse av resept",
     "Hei! Kan jeg få fornyet resepten på medisinen min? Den går ut neste uke.",
     "Hei. Resepten er fornyet, og du kan hente medisinen på apoteket."),
    ("Spørsmål om prøvesvar",
     "Hei. Et av prøvesvarene mine er merket utenfor referanseområdet. Bør jeg gjøre noe?",
     "Hei. Svaret er bare litt utenfor og ikke noe å bekymre seg for. Vi tar en ny prøve "
     "ved neste kontroll."),
    ("Forlenget sykmelding",
     "Jeg er fortsatt syk og lurer på om sykmeldingen kan forlenges.",
     "Vi har forlenget sykmeldingen med en uke. Ta kontakt om du ikke blir bedre."),
    ("Time til kontroll",
     "Hei. Jeg skal ha en kontroll i løpet av våren. Kan dere sette opp en time?",
     "Du har fått time. Du finner den under Timebestilling."),
    ("Henvisning til fysioterapeut",
     "Jeg har hatt vondt i ryggen i flere uker. Kan jeg få henvisning til fysioterapeut?",
     "Henvisningen er sendt. Fysioterapeuten tar kontakt med deg."),
    ("Vaksine før reise",
     "Jeg skal reise til Thailand i sommer. Hvilke vaksiner trenger jeg?",
     "Vi anbefaler vaksine mot hepatitt A og B. Bestill time hos sykepleieren på "
     "legekontoret."),
    ("Bivirkninger",
     "Jeg har fått hodepine etter at jeg begynte på den nye medisinen. Er det vanlig?",
     "Hodepine kan komme de første ukene. Går det ikke over innen to uker, bestill en time."),
    ("Attest",
     "Hei. Jeg trenger en legeattest for å fornye førerkortet. Hvordan gjør jeg det?",
     "Bestill en vanlig time og ta med briller hvis du bruker det. Attesten skrives der."),
)

# What the population's applications and their case officers write; a scope is formatted
# with the days (a week's visits, a stay's length) and the minutes of a visit.
CASE_TEXTS = {
    "need": {
        "home_nursing": "Jeg trenger hjelp med medisinene og med stell etter sykehusoppholdet.",
        "practical_assistance": "Jeg klarer ikke lenger å gjøre rent og vaske klær selv.",
        "safety_alarm": "Jeg bor alene og er redd for å falle uten å få tilkalt hjelp.",
        "meal_delivery": "Jeg klarer ikke å lage middag selv lenger.",
        "short_term_stay": "Jeg trenger opptrening før jeg kan klare meg hjemme igjen.",
        "long_term_place": "Jeg klarer ikke å bo hjemme lenger, selv med hjemmesykepleie "
                           "flere ganger om dagen.",
    },
    "scope": {
        "home_nursing": "Hjemmesykepleie {days} dager i uka, om lag {minutes} minutter hver gang.",
        "practical_assistance": "Praktisk bistand (rengjøring) {minutes} minutter én gang i uka.",
        "safety_alarm": "Trygghetsalarm med svar fra responssenteret hele døgnet.",
        "meal_delivery": "Middag levert hjem {days} dager i uka.",
        "short_term_stay": "Korttidsopphold i sykehjem i {days} døgn.",
        "long_term_place": "Langtidsplass i sykehjem.",
    },
    "partly": " Du får mindre enn du søkte om.",
    "reasons": {
        "granted": "Du har behov for tjenesten, og vilkårene er oppfylt. Vi har lagt vekt på "
                   "det vi så og hørte hos deg og opplysningene fra fastlegen.",
        "partly_granted": "Du har behov for hjelp, men ikke så mye som du søkte om. Vi har lagt "
                          "vekt på det du klarer selv.",
        "refused": "Vi mener at du klarer deg med den hjelpen du har i dag. Du kan søke på nytt "
                   "om behovet endrer seg.",
    },
    "question": "Vi trenger en uttalelse fra fastlegen din. Kan vi hente den?",
    "answer": "Ja, dere kan hente den.",
    "visited": "Hjemmebesøk: vi snakket om hva du klarer selv og hva du trenger hjelp til.",
    "assessed": "Vurdert ut fra søknaden og opplysningene fra fastlegen.",
    "interim": ("Vi venter på opplysninger fra fastlegen.",
                "Vi må gjøre et hjemmebesøk før vi kan avgjøre saken.",
                "Det er mange saker hos oss nå, og saken din tar lengre tid enn vanlig."),
    "appeal": "Jeg klager på vedtaket. Jeg trenger mer hjelp enn jeg har fått.",
    "forwarded": "Kommunen har vurdert klagen og opprettholder vedtaket.",
    "rest": "Resten av klagen sendes til klageinstansen.",
}
