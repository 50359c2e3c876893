"""Care delivered in the municipality: home-care visit plans and visits, and stays in
short-term and long-term places (issue 18). The insight dashboard stands on these rows."""
