"""`flask apps add|list|retire`: the apps registered to read the journal through SMART."""

import secrets

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal import db
from portal.smart.models import App, Connection, digest

apps_cli = AppGroup("apps", help="Apps that read the journal through SMART on FHIR.")


@apps_cli.command("add")
@click.argument("name")
@click.option("--redirect-uri", "redirect_uris", multiple=True, required=True,
              help="An address the app may be sent back to (exactly; give it once per address).")
@click.option("--confidential", is_flag=True,
              help="Give the app a secret (a server-side app); without it the app is public "
                   "and proves itself with PKCE alone.")
@click.option("--client-id", default=None, help="The client id (default: made up at random).")
def add(name: str, redirect_uris: tuple[str, ...], confidential: bool, client_id: str | None):
    """Register an app; prints its client id, and its secret once (it is kept only hashed)."""
    for uri in redirect_uris:
        if not uri.startswith(("https://", "http://localhost", "http://127.0.0.1")):
            raise click.BadParameter(f"{uri}: use https (or http on localhost)",
                                     param_hint="--redirect-uri")
    client_id = client_id or secrets.token_urlsafe(16)
    if db.session.scalar(select(App).where(App.client_id == client_id)) is not None:
        raise click.BadParameter(f"{client_id} is taken", param_hint="--client-id")
    secret = secrets.token_urlsafe(32) if confidential else None
    db.session.add(App(client_id=client_id, name=name, redirect_uris="\n".join(redirect_uris),
                       secret_digest=digest(secret) if secret else None))
    db.session.commit()
    click.echo(f"client_id: {client_id}")
    if secret:
        click.echo(f"client_secret: {secret}  (shown once)")


@apps_cli.command("list")
def list_apps():
    """List the registered apps, with how many people have them connected."""
    for app in db.session.scalars(select(App).order_by(App.name)):
        active = db.session.scalar(select(func.count()).select_from(Connection).where(
            Connection.app_id == app.id, Connection.revoked_at.is_(None)))
        kind = "public" if app.is_public else "confidential"
        state = " (retired)" if app.retired_at else ""
        click.echo(f"{app.client_id}\t{app.name}{state}\t{kind}\t{active} connected\t"
                   + " ".join(app.redirect_uri_list))


@apps_cli.command("retire")
@click.argument("client_id")
def retire(client_id: str):
    """Retire an app: it can no longer launch, and every connection and token ends."""
    app = db.session.scalar(select(App).where(App.client_id == client_id))
    if app is None:
        raise click.BadParameter(f"no app {client_id}", param_hint="CLIENT_ID")
    app.retired_at = db.utcnow()
    db.session.commit()
    click.echo(f"{app.name} retired")
