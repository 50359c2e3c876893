"""Column aliases shared by the models, so every table spells them the same way."""

from datetime import datetime
from typing import Annotated

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import mapped_column

from portal.db import UTCDateTime, utcnow

intpk = Annotated[int, mapped_column(primary_key=True)]
moment = Annotated[datetime, mapped_column(UTCDateTime())]
created = Annotated[datetime, mapped_column(UTCDateTime(), default=utcnow)]
str40 = Annotated[str, mapped_column(String(40))]
str200 = Annotated[str, mapped_column(String(200))]
text = Annotated[str, mapped_column(Text)]


def person_fk(**kwargs):
    """A required reference to a person, removed with the person."""
    return mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True, **kwargs)


def unit_fk(**kwargs):
    """A reference to an organisation or unit."""
    return mapped_column(ForeignKey("organization.id"), index=True, **kwargs)


def practitioner_fk(**kwargs):
    """An optional reference to the practitioner who wrote or ordered something."""
    return mapped_column(ForeignKey("practitioner.id"), nullable=True, **kwargs)
