"""taizhang's data layer: the SQLite ledger, importers, exporters and search.

Knows nothing of Textual or Rich (tests/test_import_hygiene.py holds it to that).
"""
