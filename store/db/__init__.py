"""The database core: the only way to write (`Database.transaction`), the history every write
keeps, and undo/redo over it. The parts (`store.parts`) take a `Database` and register how
their fields are written back (`FieldRule`)."""
from store.db.database import SOURCES, Database, Transaction
from store.db.history import Undo
from store.db.rules import FieldRule

__all__ = ["SOURCES", "Database", "FieldRule", "Transaction", "Undo"]
