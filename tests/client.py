"""A test client that reads pages and submits forms as a person would."""

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.journal.models import Person

KARI, EMMA, JONAS, SARA = "14838800026", "02891950074", "20851250051", "15831050044"
OLA, INGRID, LIV = "30865940099", "08828500059", "01929500071"
ANNE, NILS, PER, TONE = "12847900030", "21877500079", "03907000019", "09896800024"


class PortalClient(FlaskClient):
    """Flask's client, plus pages parsed with BeautifulSoup and forms with their CSRF token."""

    def get_page(self, url: str, *, status: int = 200, **kwargs) -> BeautifulSoup:
        """GET a page, assert its status, and return it parsed."""
        response = self.get(url, **kwargs)
        assert response.status_code == status, (url, response.status_code, response.location)
        return BeautifulSoup(response.get_data(as_text=True), "html.parser")

    def csrf_token(self, page_url: str) -> str:
        """Open a page and return the CSRF token of its first form."""
        page = self.get_page(page_url)
        field = page.find("input", attrs={"name": "csrf_token"})
        assert field is not None, f"no form with a CSRF token on {page_url}"
        return field["value"]

    def post_form(self, url: str, data: dict, *, from_page: str | None = None,
                  status: int = 302, **kwargs):
        """POST a form as the browser would, with the token from the page it sits on."""
        payload = {"csrf_token": self.csrf_token(from_page or url), **data}
        response = self.post(url, data=payload, **kwargs)
        assert response.status_code == status, (url, response.status_code,
                                                response.get_data(as_text=True)[:2000])
        return response

    def login_as(self, national_id: str, role: str = "citizen", *, lang: str | None = None):
        """Log in through the test login and return the response (a redirect); with `lang`,
        choose the pages' language too, as the language links do."""
        response = self.post_form("/auth/test-login", {"pid": national_id, "role": role})
        if lang is not None:
            self.get(f"/?lang={lang}")
        return response

    def act_for(self, national_id: str, *, status: int = 302):
        """Choose on the representation page to act for a person, as a person would."""
        return self.post_form("/representation/act", {"person_id": persona(national_id).id},
                              from_page="/representation/", status=status)


def persona(national_id: str) -> Person:
    """Return a person of the register by national identity number."""
    return db.session.scalar(select(Person).where(Person.national_id == national_id))


def text_of(page: BeautifulSoup) -> str:
    """Return a page's visible text with whitespace collapsed."""
    return " ".join(page.get_text(" ").split())
