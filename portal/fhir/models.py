"""Where an imported journal row came from: the source resource's identity (issue 17, item 4)."""

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base
from portal.types import created, intpk, person_fk


class ImportedResource(Base):
    """One FHIR resource imported into the journal, and the row it became.

    A re-import finds the resource here by its identity and adds nothing. The link goes with
    the person, as the rows themselves do.
    """

    __tablename__ = "fhir_source"
    __table_args__ = (UniqueConstraint("resource_type", "source_key"),)

    id: Mapped[intpk]
    resource_type: Mapped[str] = mapped_column(String(40))
    # The first identifier as "system|value", else the entry's fullUrl, else "Type/id".
    source_key: Mapped[str] = mapped_column(String(300))
    row_table: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int]
    person_id: Mapped[int] = person_fk()
    imported_at: Mapped[created]
