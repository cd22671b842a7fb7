"""What every command-line module shares: the exit codes and the way a refusal is said (Dutch, on stderr)."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3  # EXIT_USAGE is argparse's own


def refuse(message: str) -> int:
    print(f"Geweigerd: {message}", file=sys.stderr)
    return EXIT_REFUSED


def counts_text(counts: dict[str, int]) -> str:
    """Non-empty tables as 'deelnemer 50, betaling 120'; 'niets' when all are empty."""
    return ", ".join(f"{table} {n}" for table, n in counts.items() if n) or "niets"
