"""The registry: the areas and purposes the features declare, and the tables derived from them.

Each feature registers its areas and its staff purposes from its own init_app. The decision
reads the declarations themselves; the registry answers the questions asked across
features: what a code in the access log means, which categories a young person may share,
which areas each power of attorney covers, and which kinds of purpose exist.
"""

from portal.access.areas import PROFILE, Area, Power, ShareCategory

_areas: dict[str, Area] = {PROFILE.code: PROFILE}
_purposes: dict[type, frozenset[Area]] = {}


def register(*areas: Area) -> None:
    """Declare areas; declaring the same one again changes nothing, a clash is an error."""
    for area in areas:
        known = _areas.get(area.code)
        if known is not None and known is not area:
            raise ValueError(f"two areas are declared with the code {area.code!r}")
        _areas[area.code] = area


def register_purpose(kind: type, *, opens: tuple[Area, ...]) -> None:
    """Declare a kind of staff purpose and the areas it opens (always with the profile).

    Several features may open areas for the same kind (the GP listing opens results for the
    results feature, prescriptions and the medication list for the prescriptions feature).
    """
    register(*opens)
    _purposes[kind] = _purposes.get(kind, frozenset({PROFILE})) | frozenset(opens)


def areas() -> list[Area]:
    """Return every declared area, in the order declared."""
    return list(_areas.values())


def area(code: str) -> Area | None:
    """Return the area with a code, or None."""
    return _areas.get(code)


def label(code: str):
    """Return the words for what was seen, for an access-log entry's code."""
    found = _areas.get(code)
    return found.label if found is not None else code


def opened_by(purpose) -> frozenset[Area]:
    """Return the areas a purpose opens; an unknown kind of purpose opens nothing."""
    return _purposes.get(type(purpose), frozenset())


def purpose_kinds() -> frozenset[type]:
    """Return the declared kinds of staff purpose."""
    return frozenset(_purposes)


def share_categories() -> list[ShareCategory]:
    """Return the categories a young person may share, in the order their areas were declared."""
    seen: dict[str, ShareCategory] = {}
    for each in _areas.values():
        if each.share is not None:
            seen.setdefault(each.share.code, each.share)
    return list(seen.values())


def shared_areas(codes) -> frozenset[Area]:
    """Return the areas that sharing these categories opens or widens."""
    return frozenset(a for a in _areas.values() if a.share is not None and a.share.code in codes)


def covered_by(power: Power) -> list[Area]:
    """Return the areas a power of attorney at a level covers."""
    return [a for a in _areas.values() if power in a.powers]


def models() -> set[type]:
    """Return every table that holds rows of some area."""
    return {rows.model for each in _areas.values() for rows in each.rows}


def areas_of(model: type) -> list[Area]:
    """Return the areas that have rows in a table."""
    return [a for a in _areas.values() if a.rows_of(model) is not None]
