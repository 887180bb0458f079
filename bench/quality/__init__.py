"""Answer and comparison quality on gold sets: the answer step's fitted weights, retrieval ablations, compare
questions and topics, OCR accuracy."""
