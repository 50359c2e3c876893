"""The journal as HL7 FHIR R4: resources, an export Bundle and a read API (issue 17)."""
