"""反馈表: forms out to every unit (writer, sending), filled copies read back (reader) and
merged (merge plans it, apply writes it)."""
