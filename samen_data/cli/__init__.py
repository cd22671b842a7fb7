"""The command line: one parser (main), one set of exit codes (common), one place that applies --als."""
