"""Timings: search, ingest, start-up, the app under load, reload after an ingest, embedding options, compare."""
