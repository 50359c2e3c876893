"""A page that only reads writes nothing (issue 22; DESIGN.md, "The path of a request": the
session row's last-seen time is written at most once a minute). The access log is the one
write a read may make: Kari's home page shows her children's news, and each such read by
someone else is logged (DOMAIN.md, "Access log")."""

import pytest
from sqlalchemy import event

from tests.client import KARI, LIV, OLA

PAGES = ("/home", "/results/", "/results/latest", "/records/", "/prescriptions/",
         "/appointments/", "/questionnaires/", "/messages/", "/applications/", "/home-care/",
         "/representation/", "/access-log/", "/apps/")


@pytest.mark.parametrize("who", [KARI, OLA, LIV])
def test_reading_ones_own_pages_a_second_time_writes_nothing(app, client, who):
    client.login_as(who)
    for page in PAGES:
        client.get_page(f"{page}?lang=en")  # first visits may set marks ("new since")
    writes = []

    def note(conn, cursor, statement, *args):
        if (statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
                and not statement.lstrip().startswith("INSERT INTO access_log_entry")):
            writes.append(statement.split("(")[0][:60])

    engine = app.extensions["engine"]
    event.listen(engine, "before_cursor_execute", note)
    try:
        for page in PAGES:
            client.get_page(f"{page}?lang=en")
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert writes == []
