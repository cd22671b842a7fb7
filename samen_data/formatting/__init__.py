"""Dutch formatting (Babel) and the colour palette."""
