"""taizhang's Textual app and command. Imports nothing: `taizhang import/export` start fast."""

# The one place the version is written: pyproject.toml reads it (setuptools' `attr:`, by parsing
# this file, not importing it), `taizhang --version` prints it, the bundle's wheel carries it.
__version__ = "0.1.0"
