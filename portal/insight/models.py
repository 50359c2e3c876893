"""The figures behind the dashboard, as the nightly job stored them."""

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime
from portal.types import intpk


class StoredFigures(Base):
    """The rows one aggregate query gave for a place and a period (see figures.py)."""

    __tablename__ = "insight_figures"

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(String(200), unique=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    rows: Mapped[list] = mapped_column(JSON)
