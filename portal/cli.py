"""Flask commands: setup, database migrations, demo data, translations and FHIR import."""

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import make_url, text

from portal import assets, db, migrate, notices, roles, translations
from portal.applications import casework
from portal.appointments import waitlist
from portal.care import services as care
from portal.clock import today
from portal.demo import population as synthetic
from portal.demo import seed as personas
from portal.fhir.cli import fhir_cli
from portal.insight import services as insight
from portal.messages import attachments
from portal.questionnaires import services as questionnaires
from portal.results import services as results
from portal.smart import cleanup as smart_cleanup
from portal.smart.cli import apps_cli

db_cli = AppGroup("db", help="Database schema migrations.")
translations_cli = AppGroup("translations", help="Translation catalogues.")
jobs_cli = AppGroup("jobs", help="Jobs to run on a timer; each is safe to run again, and on several hosts.")


# The synthetic citizens `flask setup` adds beside the personas: enough for every group on
# the insight dashboard to reach 5 people in Ørland, Røros and Molde (about 7 seconds).
DEMO_POPULATION = 3000


@click.command("setup")
@click.option("--demo/--no-demo", default=True,
              help="Load the demo personas and a synthetic population of 3,000 too.")
def setup_command(demo: bool):
    """Install the stylesheets, compile translations, migrate the database, load the demo.

    With DATABASE_OWNER_URL (PostgreSQL), the owner runs the migrations, and the app's role
    (the user of DATABASE_URL) is made, or given its rights: SELECT and INSERT only on the
    access log.
    """
    assets.install()
    translations.compile_catalogues()
    migrate.upgrade(_owner_url())
    _grant_app_role()
    added = questionnaires.sync(db.session)
    db.session.commit()
    if added:
        click.echo(f"Loaded {added} questionnaire version(s) from portal/questionnaires/.")
    if demo:
        _load_demo(reset=False, population=DEMO_POPULATION, seed=1)
    click.echo(WHERE_TO_GO)


# Printed at the end of `flask setup` (issue 19, item 7): where the portal answers once started.
WHERE_TO_GO = """
The portal is ready. Start it with:  .venv/bin/flask --app app run
Then open                            http://127.0.0.1:5000/
With PORTAL_TEST_LOGIN=1, log in as a demo persona at http://127.0.0.1:5000/auth/test-login
"""


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade_command(revision: str):
    """Bring the database schema up to date (as the owner, where one is set)."""
    migrate.upgrade(_owner_url(), revision)
    _grant_app_role()


@db_cli.command("downgrade")
@click.argument("revision")
def downgrade_command(revision: str):
    """Take the database schema down to a revision (as the owner, where one is set)."""
    migrate.downgrade(_owner_url(), revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def revision_command(message: str):
    """Write a new migration from the models (review it before committing)."""
    migrate.revision(current_app.config["DATABASE_URL"], message)


@click.command("demo")
@click.option("--reset", is_flag=True, help="Delete all data first and start over.")
@click.option("--population", default=0, type=click.IntRange(min=0),
              help="Add this many synthetic citizens.")
@click.option("--seed", default=1, type=int, help="Seed for the synthetic population.")
def demo_command(reset: bool, population: int, seed: int):
    """Load the demo personas (and optionally a synthetic population)."""
    _load_demo(reset=reset, population=population, seed=seed)


def _owner_url() -> str:
    """Return the URL of the role that owns the tables: DATABASE_OWNER_URL, else DATABASE_URL."""
    return current_app.config["DATABASE_OWNER_URL"] or current_app.config["DATABASE_URL"]


def _grant_app_role() -> None:
    """Give the app's role its rights, where the owner is another role (PostgreSQL)."""
    owner, url = current_app.config["DATABASE_OWNER_URL"], current_app.config["DATABASE_URL"]
    if owner and url.startswith("postgresql") and roles.app_role(url) != roles.app_role(owner):
        roles.grant(owner, roles.app_role(url), password=make_url(url).password)
        click.echo(f"The app's role {roles.app_role(url)} may read and add to the access log, "
                   "never change it.")


def _load_demo(*, reset: bool, population: int, seed: int) -> None:
    """Load demo data in one transaction and say what was done."""
    session = db.session
    if reset:
        # Start over through the migrations: the access log refuses deletes by design.
        session.remove()
        url = _owner_url()
        migrate.downgrade(url, "base")
        migrate.upgrade(url)
        _grant_app_role()
        click.echo("All data deleted.")
    if personas.load(session, today()):
        session.commit()
        click.echo("Demo personas loaded.")
    else:
        click.echo("Demo personas were already loaded; nothing changed.")
    if population:
        try:
            added = synthetic.add(session, population, seed=seed, today=today())
        except RuntimeError as exc:  # a demo loaded before the units the population needs
            session.rollback()
            raise click.ClickException(str(exc)) from None
        session.commit()
        click.echo(f"Synthetic population: {added} citizens added.")
        _settle_after_bulk_load(session)


def _settle_after_bulk_load(session) -> None:
    """Bring the database to the state it reaches in use after a bulk load.

    The query planner's statistics are stale until the database samples the tables again:
    without them PostgreSQL scans the messages for an unread count at 100,000 citizens
    (issue 22). On PostgreSQL, VACUUM also marks the new rows visible to all, as autovacuum
    would soon after: a count along an index (the team inbox's closed threads) then reads
    the index only, 3 ms instead of 15 ms at 100,000. VACUUM runs outside a transaction. A
    role that does not own a table is skipped with a warning, not an error.
    """
    if session.get_bind().dialect.name != "postgresql":
        session.execute(text("ANALYZE"))
        session.commit()
        return
    engine = current_app.extensions["engine"]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


@translations_cli.command("update")
def update_command():
    """Extract messages into messages.pot and merge them into each catalogue."""
    translations.update_catalogues()


@translations_cli.command("compile")
def compile_command():
    """Compile the catalogues for use."""
    translations.compile_catalogues()


@jobs_cli.command("release-results")
def release_results_command():
    """Release category 2 results that have waited 14 days."""
    released = results.release_due(db.utcnow())
    db.session.commit()
    click.echo(f"Released {released} results.")


@jobs_cli.command("interim-replies")
def interim_replies_command():
    """Send an automatic notice to cases without an interim reply after 21 days (fvl § 11 a)."""
    click.echo(f"Sent {casework.send_interim_replies(db.utcnow())} interim replies.")


@jobs_cli.command("plan-visits")
def plan_visits_command():
    """Plan every running home-care plan's visits two weeks ahead (run daily)."""
    added = care.extend_plans(today())
    db.session.commit()
    click.echo(f"Planned {added} home-care visits.")


@jobs_cli.command("insight-figures")
def insight_figures_command():
    """Compute and store the insight dashboard's figures for every municipality (nightly)."""
    stored = insight.store_figures(today(), db.utcnow())
    db.session.commit()
    click.echo(f"Stored {stored} sets of figures for the insight dashboard.")


@jobs_cli.command("waitlist-offers")
def waitlist_offers_command():
    """Offer appointment times freed by cancellations to the first on each waiting list."""
    offered, expired = waitlist.run_offers(
        db.utcnow(), hours=current_app.config["PORTAL_WAITLIST_OFFER_HOURS"])
    click.echo(f"Offered {offered} freed times; {expired} offers expired.")


@jobs_cli.command("sweep-attachments")
def sweep_attachments_command():
    """Remove attachment files that no message holds (left by a worker killed mid-send)."""
    removed = attachments.sweep(attachments.upload_folder(), db.utcnow())
    click.echo(f"Removed {removed} files that no message holds.")


@jobs_cli.command("purge-app-grants")
def purge_app_grants_command():
    """Delete apps' codes past their day and tokens that can no longer be used."""
    codes, tokens = smart_cleanup.purge(db.utcnow())
    db.session.commit()
    click.echo(f"Deleted {codes} codes and {tokens} tokens.")


@jobs_cli.command("send-notices")
def send_notices_command():
    """Decide who is told of new notices, then send the e-mail and SMS that are due."""
    report = notices.run(db.utcnow())
    click.echo(f"Notices: {report.expanded} new; sent {report.sent}, to retry {report.retried}, "
               f"failed {report.failed}, withdrawn {report.withdrawn}.")


def announce_run(app, context: click.Context | None) -> None:
    """Under `flask run`, say where the portal answers and where the test login is (issue 19,
    item 7); Flask's own banner gives only the address."""
    if context is None or context.info_name != "run":
        return
    base = f"http://{context.params.get('host') or '127.0.0.1'}:{context.params.get('port') or 5000}"
    lines = [f" * The portal: {base}/"]
    if app.config["PORTAL_TEST_LOGIN"]:
        lines.append(f" * Log in as a demo persona: {base}/auth/test-login")
    else:
        lines.append(" * The test login is off; start with PORTAL_TEST_LOGIN=1 to use it")
    click.echo("\n".join(lines))


def init_app(app):
    """Register the commands, and greet `flask run`."""
    for command in (setup_command, demo_command, db_cli, translations_cli, jobs_cli,
                    fhir_cli, apps_cli):
        app.cli.add_command(command)
    announce_run(app, click.get_current_context(silent=True))
