"""Controllers: undo, background jobs, the continuous-edit protocol, wiring models to views."""
