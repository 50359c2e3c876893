"""`flask fhir import FILE…`: FHIR R4 Bundles into the journal, one transaction per file."""

from pathlib import Path

import click
from flask.cli import AppGroup

from portal import db
from portal.fhir import importer
from portal.fhir.reading import ImportFailed, parse_bundle

fhir_cli = AppGroup("fhir", help="FHIR R4 import into the journal.")


@fhir_cli.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(files: tuple[Path, ...]):
    """Import transaction, collection or document Bundles; a file imported before adds nothing.

    Each file is one transaction: a file that cannot be read changes nothing, and the others
    are imported still (the exit status is 1 if any failed).
    """
    failed = False
    for path in files:
        try:
            report = importer.import_bundle(db.session, parse_bundle(path.read_bytes()))
        except ImportFailed as exc:
            db.session.rollback()
            click.echo(f"{path}: not imported: {exc}", err=True)
            failed = True
            continue
        db.session.commit()
        click.echo(f"{path}:")
        for line in report.lines() or ["nothing to import"]:
            click.echo(f"  {line}")
    if failed:
        raise SystemExit(1)
