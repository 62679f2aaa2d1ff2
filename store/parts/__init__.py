"""The ledger's parts, each one job over the database core (`store.db`): plans and their
sections, tasks, notes, units, the search index, reporting rounds, merged submissions, backups.

A part takes the `Database` (and the other parts it needs) when it is made, writes only through
`Database.transaction`, and registers how the fields it records are written back on undo. None
reaches into another's private parts; `store.ledger.Ledger` puts them together for the UI and
the command line.
"""
