"""The foundation every layer shares: typed errors, the one Settings, the chunk and record
types, text helpers and language detection. It imports nothing of ingest/, index/ or app/."""
