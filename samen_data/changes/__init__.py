"""Changes: edits with version checks and the audit trail (wijzigingen)."""
