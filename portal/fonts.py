"""The web font cut to the letters the portal writes (issue 22: `/home` with its stylesheet and
fonts at most 60 KB compressed).

Fontsource's "latin" Inter holds 230 characters with hinting and eight layout features; the
pages need the printable ASCII and Latin-1 letters (æ, ø and å among them), the punctuation
of Norwegian and English typography, and the features that change how the text looks here:
kerning, contextual alternates (the colon raised between digits in "12:30"), tabular digits
(times and case numbers line up), and the marks. A character the cut font lacks (a Sámi
letter in a name, say) is drawn from the next font in the stack, as before the cut.
"""

import io

from fontTools import subset
from fontTools.ttLib import TTFont

# Beyond Latin-1, what the original font draws that Norwegian and English text may use:
# typographic punctuation and spaces, the minus and arrows, Œ and œ. The combining accents
# are left out (they cost 6 KB): text typed in decomposed form gets them from the next font.
EXTRA = "–—‘’‚“”„•…′″⁄‹›€™−↑↓Œœıʼˆ˜\u2002\u2009\u200b"
TEXT = "".join(chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x100))) + EXTRA
FEATURES = ["kern", "calt", "tnum", "ccmp", "mark", "mkmk"]


def cut(woff2: bytes) -> bytes:
    """Return a WOFF2 font with only the portal's characters and features, without hinting."""
    # The same bytes in every process: the file's name is its hash, and each worker builds
    # its own bundle, so a saved font must not carry the moment it was saved.
    font = TTFont(io.BytesIO(woff2), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.layout_features = FEATURES
    cutter = subset.Subsetter(options)
    cutter.populate(text=TEXT)
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def characters(woff2: bytes) -> set[str]:
    """Return the characters a font draws."""
    return {chr(code) for code in TTFont(io.BytesIO(woff2)).getBestCmap()}
