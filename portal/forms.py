"""The base of every form: what a request sends is cleaned before any field reads it.

Bad input gets a clear message, never an error page: a file sent where text is expected is
dropped (the field then says what it needs), and NUL characters are removed from text (no
database keeps them). Numbers in addresses and query strings are bounded in params.py.
"""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from werkzeug.datastructures import FileStorage, MultiDict


def _clean(value):
    """Return a text value without NUL characters."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class Form(FlaskForm):
    """A Flask-WTF form whose data is cleaned of what no field can take."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            """Keep files only for file fields, and text without NUL characters."""
            formdata = super().wrap_formdata(form, formdata)
            if formdata is None or not hasattr(formdata, "items"):
                return formdata
            files = {field.name for field in form
                     if isinstance(field, FileField | MultipleFileField)}
            return MultiDict([(key, _clean(value)) for key, value in formdata.items(multi=True)
                              if not isinstance(value, FileStorage) or key in files])

