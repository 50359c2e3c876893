"""The childhood immunisation programme's ages (issue 15, item 8)."""

from portal.records.programme import PROGRAMME


def test_the_10th_grade_booster_is_at_10th_grade_about_15_years():
    """Source: FHI, barnevaksinasjonsprogrammet: the diphtheria, tetanus, whooping cough and
    polio booster (dTP-IPV) is given in 10th grade, at about 15 years, not at 16."""
    booster = [d for d in PROGRAMME if d.name == "dTP-IPV"]
    assert len(booster) == 1
    assert booster[0].months == 15 * 12
    assert str(booster[0].when) == "15 years (10th grade)"
