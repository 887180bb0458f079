"""Retrieval: the question prepared once, dense + BM25 + token matching fused, the
documents a question targets."""
