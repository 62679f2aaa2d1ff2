"""The use-cases the command line and the UI share: everything more than a query, so that no
rule lives in a screen or a command.

- `importing`: read a plan file, preview what it would add (counts, a document imported
  before, the plan it revises), import it.
- `marking`: tick or mark n/a every task of a section or plan (what is left to mark, and when
  everything is marked already, the way back).
- `merging`: the returned forms of a folder or list, their preview, and writing it.
- `exporting`: a report written to a file in one step.
- Forms going out are `store.forms.sending.write_forms`.
"""
