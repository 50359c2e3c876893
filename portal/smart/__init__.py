"""Apps that read the journal through the FHIR API: SMART App Launch (standalone), with
Authlib as the authorization server, and the page where a person sees and disconnects them."""
