"""What the pages show, by the programme's rules: the money match and gap, the selection line, the signals, my gemeente, and each tile's definition and rows (Onderbouwing)."""
