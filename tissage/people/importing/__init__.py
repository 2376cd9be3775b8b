"""Importing persons, interventions and referrals from CSV and XLSX files."""
