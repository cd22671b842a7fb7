"""Access: the Scope (who may see and change what), accounts and the owner of a row."""
