"""Questionnaires before visits and for follow-up (issue 21): kept as JSON shaped like FHIR
Questionnaire, sent with a booking or by staff, answered a section at a time, read by staff."""
