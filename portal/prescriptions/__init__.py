"""Prescriptions (e-resepter): what is valid, and asking the GP office to renew one (issue 20)."""
