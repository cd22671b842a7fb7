"""Demo and scale data: the demo's facts, synthetic rows, the consistency check, national-scale generation."""
