"""My journal: an overview by section, a page per document, a print view and a summary."""

from flask import Blueprint, Response, g, render_template, request
from flask_login import login_required

from portal import access, clock, features
from portal.fhir import bundles
from portal.fhir import export as journal_export
from portal.journal.entries import DocumentEntry
from portal.records import growth, programme, services, summary
from portal.records.areas import SECTIONS
from portal.records.forms import SECTION_LABELS, RecordFilterForm

bp = Blueprint("records", __name__, url_prefix="/records")


def _allowed_sections() -> dict:
    """Return the scope of each section the reader may see (refuse if none)."""
    scopes = access.scopes(*SECTIONS.values())
    allowed = {section: scopes[area] for section, area in SECTIONS.items() if area in scopes}
    if not allowed:
        raise access.NotFound()
    return allowed


@bp.get("/")
@login_required
def index():
    """Show the journal by section, newest first, each entry with its source."""
    allowed = _allowed_sections()
    form = RecordFilterForm(request.args, sections=list(allowed),
                            units=services.sources(allowed.values()))
    valid = form.validate()
    f = services.RecordFilter(
        form.section.data or None, form.start.data, form.end.data,
        int(form.unit.data) if (form.unit.data or "").isdigit() else None, form.q.data or None,
    ) if valid else services.RecordFilter()
    return render_template("records/index.html", form=form, sections=_read_sections(allowed, f),
                           labels=SECTION_LABELS, filtered=bool(f.section) or f.narrows,
                           narrowed=f.narrows), 200 if valid else 400


def _read_sections(allowed: dict, f: services.RecordFilter) -> dict:
    """Read each allowed and wanted section; growth only where there are measurements."""
    read = {}
    for section, scope in allowed.items():
        if not f.wants(section):
            continue
        if section in ("notes", "letters"):
            read[section] = services.documents(scope, f)
        elif section == "medications":
            rows = services.medications(scope, f)
            read[section] = {"active": [m for m in rows if m.status == "active"],
                             "stopped": [m for m in rows if m.status == "stopped"]}
        elif section == "problems":
            read[section] = services.problems(scope, f)
        elif section == "vaccinations":
            given = services.vaccinations(scope, f)
            # The programme needs the whole record: a search would make given doses look missing.
            read[section] = {"given": given, "programme": None if f.narrows else programme.status(
                scope.subject.birth_date, given, clock.today())}
        elif section == "plans":
            read[section] = services.plans(scope, f)
        elif section == "growth":
            charts = growth.section(scope.subject.birth_date, scope.subject.sex,
                                    services.growth_measurements(scope))
            if charts:
                read[section] = charts
    return read


def _document(document_id: int) -> DocumentEntry:
    """Load one of the subject's documents (a note or a letter) through the access layer."""
    return access.load(DocumentEntry, document_id)


@bp.get("/documents/<int:document_id>")
@login_required
def document(document_id: int):
    """Show one visit summary, note or letter."""
    return render_template("records/document.html", document=_document(document_id))


@bp.get("/documents/<int:document_id>/print")
@login_required
def print_document(document_id: int):
    """Show a document laid out for printing, without the portal's menus."""
    return render_template("records/print.html", document=_document(document_id),
                           printed_on=clock.today())


@bp.get("/summary.pdf")
@login_required
def summary_pdf():
    """Download a summary of the journal as a PDF, with the sections the reader may see."""
    allowed = _allowed_sections()
    sections = _read_sections({k: v for k, v in allowed.items() if k != "growth"},
                              services.RecordFilter())
    subject = next(iter(allowed.values())).subject
    pdf = summary.render(subject, sections, SECTION_LABELS, clock.today())
    filename = f"journal-{clock.today().isoformat()}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    })


@bp.get("/journal.fhir.json")
@login_required
def fhir_export():
    """Download the journal as a FHIR R4 collection Bundle, with what the reader may see."""
    scopes = access.scopes(*journal_export.areas())
    access.scope(access.PROFILE)
    base = bundles.base_url()
    bundle = journal_export.journal(g.subject, scopes, base=base)
    filename = f"journal-{clock.today().isoformat()}.fhir.json"
    return bundles.answer(bundle, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def init_app(app):
    """Declare the journal's areas and add its pages."""
    features.install(app, areas=tuple(SECTIONS.values()), blueprints=(bp,))
