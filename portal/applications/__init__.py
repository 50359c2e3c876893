"""Applications for municipal health and care services, and their case handling."""
