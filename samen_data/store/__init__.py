"""Storage: engine and configuration, schema and migrations, models, vocabularies, reference data, the data version."""
