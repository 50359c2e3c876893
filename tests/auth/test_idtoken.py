"""Our own checks of ID-token claims (issue 9, item 1): iss, aud, exp, nonce and acr."""

from datetime import UTC, datetime

import pytest

from portal.auth.idtoken import check_claims, national_id
from portal.auth.services import LoginRefused

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
GOOD = {"iss": "https://idporten.example", "aud": "portal", "exp": NOW.timestamp() + 60,
        "nonce": "n-1", "acr": "idporten-loa-high", "pid": "14838800026"}


def check(**changes):
    claims = {**GOOD, **changes}
    check_claims(claims, issuer="https://idporten.example", client_id="portal", nonce="n-1",
                 now=NOW)


def test_good_claims_pass():
    check()
    check(acr="idporten-loa-substantial")
    check(aud=["portal"])


@pytest.mark.parametrize(("changes", "reason"), [
    ({"iss": "https://evil.example"}, "wrong issuer"),
    ({"aud": "someone-else"}, "wrong audience"),
    ({"aud": ["portal", "someone-else"]}, "wrong audience"),  # several audiences need azp
    ({"exp": NOW.timestamp() - 61}, "expired"),
    ({"exp": None}, "expired"),
    ({"nonce": "n-2"}, "wrong nonce"),
    ({"acr": "idporten-loa-low"}, "acr too low"),
    ({"acr": None}, "acr too low"),
])
def test_bad_claims_are_refused(changes, reason):
    with pytest.raises(LoginRefused) as refused:
        check(**changes)
    assert refused.value.reason == reason


def test_several_audiences_with_our_azp_pass():
    check(aud=["portal", "api"], azp="portal")


def test_missing_nonce_in_session_is_refused():
    with pytest.raises(LoginRefused):
        check_claims(GOOD, issuer=GOOD["iss"], client_id="portal", nonce=None, now=NOW)


def test_person_found_by_pid_never_by_sub():
    assert national_id({"sub": "abc", "pid": "14838800026"}) == "14838800026"
    assert national_id({"sub": "14838800026"}) is None
    assert national_id({"helseid://claims/identity/pid": "21877500079"}) == "21877500079"
