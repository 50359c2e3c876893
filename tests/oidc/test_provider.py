"""The test OpenID Connect provider works like ID-porten, checked with plain HTTP and joserfc."""

import base64
import json
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from joserfc.errors import JoseError

from tests.oidc.fixtures import (
    HIGH,
    SUBSTANTIAL,
    OidcClient,
    ProviderError,
    cancel_login_through_provider,
    login_through_provider,
    logout_through_provider,
    pkce_pair,
)

KARI = "14838800026"
OLA = "30865940099"


class Flow:
    """One authorization code flow of a client: its request, PKCE verifier, state and nonce."""

    def __init__(self, provider, client_id="portal-idporten", *, redirect_uri=None, **params):
        self.provider = provider
        self.client = provider.clients[client_id]
        self.redirect_uri = redirect_uri or self.client.redirect_uri
        self.verifier, challenge = pkce_pair()
        self.state, self.nonce = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
        self.params = {"client_id": self.client.client_id, "redirect_uri": self.redirect_uri,
                       "response_type": "code", "scope": "openid profile", "state": self.state,
                       "nonce": self.nonce, "code_challenge": challenge,
                       "code_challenge_method": "S256", **params}
        self.params = {name: value for name, value in self.params.items() if value is not None}

    @property
    def url(self) -> str:
        return f"{self.provider.endpoint('authorization')}?{urlencode(self.params)}"

    def code(self, callback: str) -> str:
        """Check the callback is ours, with our state and the issuer; return the code."""
        assert callback.startswith(self.redirect_uri + "?"), callback
        query = {name: values[0] for name, values in parse_qs(urlsplit(callback).query).items()}
        assert query.get("state") == self.state and query.get("iss") == self.provider.issuer
        assert "error" not in query, query
        return query["code"]

    def exchange(self, agent, code: str, *, verifier=None):
        """POST the code to the token endpoint with the client's authentication method."""
        data = {"grant_type": "authorization_code", "code": code,
                "redirect_uri": self.redirect_uri, "code_verifier": verifier or self.verifier}
        auth = None
        if self.client.token_endpoint_auth_method == "client_secret_basic":
            auth = (self.client.client_id, self.client.client_secret)
        else:
            data |= {"client_id": self.client.client_id,
                     "client_secret": self.client.client_secret}
        return agent.post(self.provider.endpoint("token"), data=data, auth=auth, timeout=10)

    def tokens(self, agent, callback: str) -> dict:
        with self.exchange(agent, self.code(callback)) as response:
            assert response.status_code == 200, response.text
            return response.json()


def login(provider, agent, pid=KARI, acr=HIGH, **params) -> tuple[Flow, dict, dict]:
    """Log in through the provider; return the flow, the token response and ID-token claims."""
    flow = Flow(provider, **params)
    tokens = flow.tokens(agent, login_through_provider(agent, flow.url, pid, acr))
    return flow, tokens, provider.verify(tokens["id_token"])


def query_of(url: str) -> dict:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_discovery_and_keys(oidc_provider, oidc_user_agent):
    meta = oidc_provider.metadata
    assert oidc_provider.environment()["IDPORTEN_ISSUER"] == oidc_provider.issuer
    assert oidc_provider.portal_settings()["helseid"]["client_id"] == "portal-helseid"
    assert meta["issuer"] == oidc_provider.issuer.rstrip("/")
    assert oidc_provider.issuer.startswith("http://127.0.0.1:")
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["acr_values_supported"] == [SUBSTANTIAL, HIGH]
    assert meta["response_types_supported"] == ["code"]
    assert set(meta["token_endpoint_auth_methods_supported"]) == {
        "client_secret_post", "client_secret_basic"}
    assert meta["end_session_endpoint"] == oidc_provider.issuer + "/logout"
    assert meta["frontchannel_logout_supported"] is True
    assert meta["frontchannel_logout_session_supported"] is True
    with oidc_user_agent.get(oidc_provider.jwks_uri, timeout=10) as response:
        keys = response.json()["keys"]
    assert [key["kid"] for key in keys] == [oidc_provider.private_jwk["kid"]]
    assert "d" not in keys[0]  # public only
    assert oidc_provider.other_key["kid"] != oidc_provider.private_jwk["kid"]


def test_code_flow_with_pkce_gives_an_id_token_like_id_portens(oidc_provider, oidc_user_agent):
    flow, tokens, claims = login(oidc_provider, oidc_user_agent, ui_locales="en",
                                 acr_values=HIGH)
    assert tokens["token_type"] == "Bearer" and tokens["access_token"]
    assert claims["iss"] == oidc_provider.issuer
    assert claims["aud"] == "portal-idporten"
    assert claims["nonce"] == flow.nonce
    assert claims["pid"] == KARI and claims["sub"] == KARI
    assert claims["acr"] == HIGH and claims["amr"] == ["BankID"]
    assert claims["locale"] == "en"
    assert claims["sid"]
    assert claims["exp"] - claims["iat"] == oidc_provider.ttl["IdToken"]
    assert claims["auth_time"] <= claims["iat"]
    with oidc_user_agent.get(oidc_provider.endpoint("userinfo"), timeout=10,
                             headers={"Authorization": f"Bearer {tokens['access_token']}"}) as r:
        assert r.status_code == 200
        assert r.json()["pid"] == KARI


def test_the_id_token_is_signed_with_the_configured_key(oidc_provider, oidc_user_agent):
    _, tokens, _ = login(oidc_provider, oidc_user_agent)
    header = tokens["id_token"].split(".")[0]
    decoded = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    assert decoded["alg"] == "RS256" and decoded["kid"] == oidc_provider.private_jwk["kid"]
    forged = oidc_provider.sign({"pid": OLA})
    assert oidc_provider.verify(forged)["pid"] == OLA
    other = oidc_provider.sign({"pid": OLA}, key=oidc_provider.other_key)
    with pytest.raises(JoseError):
        oidc_provider.verify(other)


def test_a_live_server_on_any_loopback_port_can_log_in(oidc_provider, oidc_user_agent):
    flow, _, claims = login(oidc_provider, oidc_user_agent,
                            redirect_uri="http://127.0.0.1:54321/auth/callback/idporten")
    assert claims["pid"] == KARI
    strange = Flow(oidc_provider, redirect_uri="http://evil.example/auth/callback/idporten")
    with oidc_user_agent.get(strange.url, allow_redirects=False, timeout=10) as response:
        assert response.status_code == 400  # shown at the provider, never redirected
        assert "redirect_uri" in response.text


def test_pkce_is_required(oidc_provider, oidc_user_agent):
    no_pkce = Flow(oidc_provider, code_challenge=None, code_challenge_method=None)
    with oidc_user_agent.get(no_pkce.url, allow_redirects=False, timeout=10) as response:
        assert response.status_code == 303
        query = query_of(response.headers["Location"])
    assert query["error"] == "invalid_request" and "PKCE" in query["error_description"]
    assert query["state"] == no_pkce.state
    plain = Flow(oidc_provider, code_challenge="x" * 43, code_challenge_method="plain")
    with oidc_user_agent.get(plain.url, allow_redirects=False, timeout=10) as response:
        assert query_of(response.headers["Location"])["error"] == "invalid_request"


def test_a_wrong_code_verifier_is_refused(oidc_provider, oidc_user_agent):
    flow = Flow(oidc_provider)
    code = flow.code(login_through_provider(oidc_user_agent, flow.url, KARI))
    with flow.exchange(oidc_user_agent, code, verifier=pkce_pair()[0]) as response:
        assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_the_form_preselects_the_requested_level_and_substantial_reaches_the_token(
        oidc_provider, oidc_user_agent):
    flow = Flow(oidc_provider, acr_values=SUBSTANTIAL)
    with oidc_user_agent.get(flow.url, timeout=10) as response:  # follows to the form
        page = BeautifulSoup(response.text, "html.parser")
    assert page.select_one("select[name=acr] option[selected]")["value"] == SUBSTANTIAL
    assert page.find("input", attrs={"name": "pid"}) is not None
    tokens = flow.tokens(oidc_user_agent,
                         login_through_provider(oidc_user_agent, flow.url, OLA, SUBSTANTIAL))
    claims = oidc_provider.verify(tokens["id_token"])
    assert claims["acr"] == SUBSTANTIAL and claims["amr"] == ["MinID"]
    assert claims["pid"] == OLA and claims["locale"] == "nb"


def test_a_replayed_code_is_refused(oidc_provider, oidc_user_agent):
    flow = Flow(oidc_provider)
    code = flow.code(login_through_provider(oidc_user_agent, flow.url, KARI))
    with flow.exchange(oidc_user_agent, code) as first:
        assert first.status_code == 200
        access_token = first.json()["access_token"]
    with flow.exchange(oidc_user_agent, code) as second:
        assert second.status_code == 400 and second.json()["error"] == "invalid_grant"
    with oidc_user_agent.get(oidc_provider.endpoint("userinfo"), timeout=10,
                             headers={"Authorization": f"Bearer {access_token}"}) as response:
        assert response.status_code == 401  # the replay revoked what the code gave


def test_a_bad_pid_stays_on_the_form(oidc_provider, oidc_user_agent):
    with pytest.raises(ProviderError, match="11 siffer"):
        login_through_provider(oidc_user_agent, Flow(oidc_provider).url, "123")


def test_cancelling_returns_access_denied(oidc_provider, oidc_user_agent):
    flow = Flow(oidc_provider)
    query = query_of(cancel_login_through_provider(oidc_user_agent, flow.url))
    assert query["error"] == "access_denied" and query["state"] == flow.state


def test_single_sign_on_skips_the_form(oidc_provider, oidc_user_agent):
    _, _, first = login(oidc_provider, oidc_user_agent, KARI)
    flow = Flow(oidc_provider, "portal-helseid")
    callback = login_through_provider(oidc_user_agent, flow.url, "not used")
    claims = oidc_provider.verify(flow.tokens(oidc_user_agent, callback)["id_token"])
    assert claims["pid"] == KARI and claims["aud"] == "portal-helseid"
    assert claims["sid"] != first["sid"]  # one sid per client in the session


def test_end_session_redirects_to_the_post_logout_redirect_uri(oidc_provider, oidc_user_agent):
    flow, tokens, _ = login(oidc_provider, oidc_user_agent)
    logout_uri = flow.client.post_logout_redirect_uri
    end = oidc_provider.endpoint("end_session") + "?" + urlencode({
        "id_token_hint": tokens["id_token"], "post_logout_redirect_uri": logout_uri,
        "state": "s-1", "ui_locales": "nb"})
    logged_out = logout_through_provider(oidc_user_agent, end)
    assert logged_out.redirect_url == f"{logout_uri}?state=s-1"
    assert logged_out.frontchannel_urls == []  # the client that asked is not called back
    with oidc_user_agent.get(oidc_provider.endpoint("userinfo"), timeout=10,
                             headers={"Authorization": f"Bearer {tokens['access_token']}"}) as r:
        assert r.status_code == 401  # the session's tokens are revoked
    again = Flow(oidc_provider)
    with oidc_user_agent.get(again.url, timeout=10) as response:  # no more single sign-on
        assert response.status_code == 200 and 'name="pid"' in response.text


def test_an_unregistered_post_logout_redirect_uri_is_refused(oidc_provider, oidc_user_agent):
    _, tokens, _ = login(oidc_provider, oidc_user_agent)
    end = oidc_provider.endpoint("end_session") + "?" + urlencode({
        "id_token_hint": tokens["id_token"],
        "post_logout_redirect_uri": "http://evil.example/auth/logged-out"})
    with pytest.raises(ProviderError, match="post_logout_redirect_uri"):
        logout_through_provider(oidc_user_agent, end)


def test_frontchannel_logout_calls_the_other_clients(oidc_provider, oidc_user_agent):
    live = "http://127.0.0.1:54321"
    _, _, citizen = login(oidc_provider, oidc_user_agent,
                          redirect_uri=f"{live}/auth/callback/idporten")
    staff_flow, staff_tokens, _ = login(oidc_provider, oidc_user_agent,
                                        client_id="portal-helseid")
    end = oidc_provider.endpoint("end_session") + "?" + urlencode({
        "id_token_hint": staff_tokens["id_token"],
        "post_logout_redirect_uri": "http://localhost/auth/logged-out"})
    logged_out = logout_through_provider(oidc_user_agent, end)
    assert logged_out.redirect_url == "http://localhost/auth/logged-out"
    # the citizen's client logged in on the live server's port: it is called there
    [url] = logged_out.frontchannel_urls
    assert url.startswith(f"{live}/auth/frontchannel-logout?")
    assert query_of(url) == {"iss": oidc_provider.issuer, "sid": citizen["sid"]}


def test_logout_at_the_provider_itself_calls_every_client(oidc_provider, oidc_user_agent):
    _, _, citizen = login(oidc_provider, oidc_user_agent)
    _, _, staff = login(oidc_provider, oidc_user_agent, client_id="portal-helseid")
    logged_out = logout_through_provider(oidc_user_agent, oidc_provider.endpoint("end_session"))
    assert logged_out.redirect_url == oidc_provider.issuer + "/logout/success"
    assert sorted(query_of(url)["sid"] for url in logged_out.frontchannel_urls) == sorted(
        [citizen["sid"], staff["sid"]])
    with oidc_user_agent.get(logged_out.redirect_url, timeout=10) as response:
        assert response.status_code == 200 and "logget ut" in response.text


def test_another_provider_with_basic_auth_accounts_and_lifetimes(make_oidc_provider,
                                                                  oidc_user_agent):
    basic = OidcClient("basic-client", "basic-secret",
                       ("http://localhost/auth/callback/idporten",),
                       token_endpoint_auth_method="client_secret_basic")
    provider = make_oidc_provider(clients=[basic], accounts={KARI: {"locale": "nn"}},
                                  ttl={"IdToken": 42})
    flow = Flow(provider, "basic-client")
    tokens = flow.tokens(oidc_user_agent, login_through_provider(oidc_user_agent, flow.url, KARI))
    claims = provider.verify(tokens["id_token"])
    assert claims["aud"] == "basic-client" and claims["locale"] == "nn"
    assert claims["exp"] - claims["iat"] == 42
    wrong = Flow(provider, "basic-client")
    code = wrong.code(login_through_provider(oidc_user_agent, wrong.url, KARI))
    with oidc_user_agent.post(provider.endpoint("token"), timeout=10, data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": wrong.redirect_uri,
            "code_verifier": wrong.verifier}, auth=("basic-client", "wrong")) as response:
        assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    assert "POST /token" in provider.log()
