"""The municipal health and care services one can apply for, in plain words.

Helse- og omsorgstjenesteloven § 3-2 (and § 3-8 and pbrl § 2-1d for BPA); the fee notes
follow the fee regulations (egenandelsforskriften): home nursing is always free.
Each service has the legal basis its decision cites and the rule of its fee (DOMAIN.md,
"Applications": one decision per service, each with its own legal basis and fee rule).
"""

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class FeeRule(StrEnum):
    """How a service is paid for (forskrift om egenandel for kommunale helse- og omsorgstjenester)."""

    FREE = "free"            # home nursing, relief care, BPA: no fee
    PER_DAY = "per_day"      # short-term stays (§ 1), day centre
    PER_MONTH = "per_month"  # practical assistance (§§ 8-10), alarm rent
    BY_INCOME = "by_income"  # long-term places: a share of the income (§ 3)
    PER_MEAL = "per_meal"    # meal delivery: the food


# Rules whose decision names an amount in kroner.
WITH_AMOUNT = (FeeRule.PER_DAY, FeeRule.PER_MONTH, FeeRule.PER_MEAL)


@dataclass(frozen=True)
class Service:
    """A service in the catalogue: a stable code, a name, what it is, and what it costs."""

    code: str
    name: object  # lazily translated
    description: object
    cost: object
    fee_rule: FeeRule
    legal_basis: object  # lazily translated: the law a decision on the service cites


SERVICES = (
    Service("home_nursing", _l("Home nursing"),
            _l("Nurses come to your home to help with medicines, wound care, injections and "
               "other health care, when it is hard for you to get to the GP office."),
            _l("Free of charge."), FeeRule.FREE,
            _l("helse- og omsorgstjenesteloven § 3-2 first paragraph no. 6 letter a; "
               "pasient- og brukerrettighetsloven § 2-1 a")),
    Service("practical_assistance", _l("Practical assistance"),
            _l("Help with everyday tasks you cannot manage yourself, such as cleaning, "
               "washing clothes and shopping."),
            _l("You pay a monthly fee based on your household's income."), FeeRule.PER_MONTH,
            _l("helse- og omsorgstjenesteloven § 3-2 first paragraph no. 6 letter b; "
               "pasient- og brukerrettighetsloven § 2-1 a")),
    Service("safety_alarm", _l("Safety alarm"),
            _l("An alarm you wear on your wrist or around your neck. If you fall or feel unwell, "
               "press it: someone answers at any time of day and sends help."),
            _l("You pay a monthly rent for the alarm."), FeeRule.PER_MONTH,
            _l("helse- og omsorgstjenesteloven § 3-2 first paragraph no. 6 letter b; "
               "pasient- og brukerrettighetsloven § 2-1 a")),
    Service("short_term_stay", _l("Short-term stay"),
            _l("A stay of some days or weeks in a nursing home, for example to regain strength "
               "after a hospital stay, or to find out what help you need."),
            _l("You pay a fee per day."), FeeRule.PER_DAY,
            _l("helse- og omsorgstjenesteloven § 3-2 first paragraph no. 6 letter c; "
               "pasient- og brukerrettighetsloven § 2-1 a")),
    Service("long_term_place", _l("Long-term place in a nursing home"),
            _l("A permanent place in a nursing home, with care day and night, when you can no "
               "longer live safely at home even with help."),
            _l("You pay a share of your income."), FeeRule.BY_INCOME,
            _l("pasient- og brukerrettighetsloven § 2-1 e; helse- og omsorgstjenesteloven "
               "§ 3-2 a")),
    Service("relief_care", _l("Relief care (avlastning)"),
            _l("For you who care for a family member with great needs at home: the one you "
               "care for gets a stay or help elsewhere for a while, so that you can rest."),
            _l("Free of charge for the carer."), FeeRule.FREE,
            _l("helse- og omsorgstjenesteloven § 3-6")),
    Service("bpa", _l("User-controlled personal assistance (BPA)"),
            _l("You lead your own assistants and decide what they help with and when, within "
               "the hours you are granted. For people with a large, lasting need for help."),
            _l("The assistance itself is free; practical help within it may have a fee."),
            FeeRule.FREE,
            _l("pasient- og brukerrettighetsloven § 2-1 d; helse- og omsorgstjenesteloven "
               "§ 3-8")),
    Service("day_centre", _l("Day centre"),
            _l("Activities, a meal and company on weekdays, with transport there and back, "
               "for example for people with dementia. It also gives the family a break."),
            _l("You pay a fee per day, which covers the meal and transport."), FeeRule.PER_DAY,
            _l("helse- og omsorgstjenesteloven § 3-2 first paragraph no. 7")),
    Service("meal_delivery", _l("Meal delivery"),
            _l("Dinner delivered to your door when you cannot cook for yourself."),
            _l("You pay for the food."), FeeRule.PER_MEAL,
            _l("helse- og omsorgstjenesteloven § 3-2 first paragraph no. 6 letter b; "
               "pasient- og brukerrettighetsloven § 2-1 a")),
)
BY_CODE = {service.code: service for service in SERVICES}
CODES = tuple(BY_CODE)


def names(codes) -> list:
    """Return the names of services by their codes, in the catalogue's order."""
    return [service.name for service in SERVICES if service.code in set(codes or ())]
