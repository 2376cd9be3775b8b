"""Plain helpers shared by every app (no models, no views)."""
