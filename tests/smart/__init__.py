"""SMART App Launch: apps reading the journal through the FHIR API (issue 17, item 2)."""
