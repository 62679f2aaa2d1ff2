"""Release tooling: run from a source checkout, never shipped in the wheel (pyproject.toml finds
only the `store` and `tui` packages). `python -m release.bundle -o DIR` builds the offline bundle."""
