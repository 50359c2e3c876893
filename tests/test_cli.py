"""The commands say where to go (issue 19, item 7)."""

import click
import pytest

from portal import cli


def _with(context: click.Context, params: dict) -> click.Context:
    context.params.update(params)
    return context


@pytest.mark.parametrize(("test_login", "expected"), [
    (True, "Log in as a demo persona: http://0.0.0.0:8080/auth/test-login"),
    (False, "The test login is off; start with PORTAL_TEST_LOGIN=1 to use it"),
])
def test_flask_run_says_where_the_portal_and_the_test_login_are(app, capsys, test_login,
                                                                expected):
    context = _with(click.Context(click.Command("run"), info_name="run"),
                    {"host": "0.0.0.0", "port": 8080})
    saved = app.config["PORTAL_TEST_LOGIN"]
    app.config["PORTAL_TEST_LOGIN"] = test_login
    try:
        cli.announce_run(app, context)
    finally:
        app.config["PORTAL_TEST_LOGIN"] = saved
    out = capsys.readouterr().out
    assert "The portal: http://0.0.0.0:8080/" in out and expected in out


@pytest.mark.parametrize("context", [None, click.Context(click.Command("demo"), info_name="demo")])
def test_other_commands_and_the_app_server_stay_quiet(app, capsys, context):
    cli.announce_run(app, context)
    assert capsys.readouterr().out == ""


def test_setup_ends_with_where_to_go():
    assert "http://127.0.0.1:5000/auth/test-login" in cli.WHERE_TO_GO
    assert "flask --app app run" in cli.WHERE_TO_GO
