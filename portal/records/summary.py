"""A journal summary as a PDF: what the reader may see, in the reader's language."""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

# The PDF core fonts speak Latin-1; these are the few characters the journal uses beyond it.
_REPLACEMENTS = str.maketrans({"–": "-", "—": "-", "’": "'", "“": '"', "”": '"', "…": "...",
                               "⁹": "9", "²": "2", "≥": ">=", "≤": "<="})


def _text(value) -> str:
    """Return text the core fonts can draw."""
    return str(value).translate(_REPLACEMENTS).encode("latin-1", "replace").decode("latin-1")


class _Summary(FPDF):
    """A plain A4 document with a footer naming the page."""

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 10, _text(_("Page {page}").format(page=self.page_no())), align="C")


def _day(value) -> str:
    """Format a date or moment for the summary."""
    return format_date(value if isinstance(value, date) else value.date(), "d. MMMM y") if value else ""


def render(subject, sections: dict, labels: dict, today: date) -> bytes:
    """Render the summary of the sections read for the subject."""
    pdf = _Summary(format="A4")
    write = _writer(pdf)
    pdf.set_title(_text(_("Journal summary for {name}").format(name=subject.name)))
    pdf.add_page()
    write(_("Journal summary for {name}").format(name=subject.name), size=16, bold=True)
    write(_("Born {born}. Made {today}.").format(born=_day(subject.birth_date), today=_day(today)))
    for section, rows in sections.items():
        pdf.ln(4)
        write(labels[section], size=13, bold=True)
        for line in list(_lines(section, rows)) or [_("Nothing recorded.")]:
            write(line)
    return bytes(pdf.output())


def _writer(pdf: FPDF):
    """Return a function that writes a paragraph from the left margin."""

    def write(text, *, size: int = 10, bold: bool = False) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.55, _text(text), new_x="LMARGIN", new_y="NEXT")

    return write


def _lines(section: str, rows):
    """Yield one line per entry of a section."""
    if section in ("notes", "letters"):
        for d in rows:
            yield f"{_day(d.written_at)}  {d.title} ({d.unit.name})"
    elif section == "medications":
        for m in rows["active"]:
            yield _("{medicine}: {dose}, since {date}").format(
                medicine=m.medication, dose=m.dosage, date=_day(m.start_date))
        for m in rows["stopped"]:
            yield _("{medicine}: stopped {date}").format(medicine=m.medication, date=_day(m.end_date))
    elif section == "problems":
        for c in rows:
            yield f"{c.display} ({c.code}), {_day(c.onset_date)}"
    elif section == "vaccinations":
        for v in rows["given"]:
            yield f"{_day(v.occurred_on)}  {v.display}"
    elif section == "plans":
        for p in rows:
            yield f"{p.title}: {p.description}"
