"""My journal: an overview by section, a page per document, a print view and a summary."""

from flask import Blueprint, Response, abort, g, render_template, request
from flask_login import login_required

from portal import access, clock
from portal.records import growth, programme, services, summary
from portal.records.forms import SECTION_LABELS, RecordFilterForm
from portal.results.catalogue import HEIGHT, WEIGHT

bp = Blueprint("records", __name__, url_prefix="/records")


def _allowed_sections() -> dict:
    """Ask the access decision once per section; return the sections allowed."""
    decisions = {section: access.decide(area) for section, area in services.SECTION_AREAS.items()}
    allowed = {section: d for section, d in decisions.items() if d}
    if not allowed:
        abort(404)
    return allowed


@bp.get("/")
@login_required
def index():
    """Show the journal by section, newest first, each entry with its source."""
    allowed = _allowed_sections()
    subject = g.subject
    form = RecordFilterForm(request.args, sections=list(allowed),
                            units=services.sources(subject))
    valid = form.validate()
    f = services.RecordFilter(
        form.section.data or None, form.start.data, form.end.data,
        int(form.unit.data) if (form.unit.data or "").isdigit() else None, form.q.data or None,
    ) if valid else services.RecordFilter()
    sections = _read_sections(subject, allowed, f)
    for section in sections:
        access.log_read(allowed[section], services.SECTION_AREAS[section])
    return render_template("records/index.html", form=form, sections=sections,
                           labels=SECTION_LABELS, filtered=any(
                               (f.section, f.start, f.end, f.unit_id, f.text))), 200 if valid else 400


def _read_sections(subject, allowed: dict, f: services.RecordFilter) -> dict:
    """Read each allowed and wanted section; growth only where there are measurements."""
    read = {}
    for section, decision in allowed.items():
        if not f.wants(section):
            continue
        if section == "notes":
            read[section] = services.documents(subject, services.NOTE_KINDS, decision, f)
        elif section == "letters":
            read[section] = services.documents(subject, services.LETTER_KINDS, decision, f)
        elif section == "medications":
            rows = services.medications(subject, f)
            read[section] = {"active": [m for m in rows if m.status == "active"],
                             "stopped": [m for m in rows if m.status == "stopped"]}
        elif section == "problems":
            read[section] = services.problems(subject, decision, f)
        elif section == "vaccinations":
            given = services.vaccinations(subject, f)
            read[section] = {"given": given, "programme": programme.status(
                subject.birth_date, given, clock.today())}
        elif section == "plans":
            read[section] = services.plans(subject, f)
        elif section == "growth":
            charts = _growth_charts(subject)
            if charts:
                read[section] = charts
    return read


def _growth_charts(subject) -> list:
    """Return the height and weight charts that have measurements."""
    measured = services.growth_measurements(subject)
    charts = [growth.chart(subject.birth_date, measured, code, unit)
              for code, _display, unit in (HEIGHT, WEIGHT)]
    return [c for c in charts if c is not None]


def _document(document_id: int):
    """Load one of the subject's documents through the access decision, or answer 404."""
    document = services.document_for(g.subject, document_id)
    if document is None:
        abort(404)
    decision = access.require(services.area_of(document), what=services.area_of(document).value,
                              resource_id=document.id)
    if document.confidential and not decision.include_confidential:
        abort(404)
    return document


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
    subject = g.subject
    sections = _read_sections(subject, {k: v for k, v in allowed.items() if k != "growth"},
                              services.RecordFilter())
    for section in sections:
        access.log_read(allowed[section], services.SECTION_AREAS[section])
    pdf = summary.render(subject, sections, SECTION_LABELS, clock.today())
    filename = f"journal-{clock.today().isoformat()}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    })
