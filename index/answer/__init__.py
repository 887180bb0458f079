"""Extracted answers: the sentence, table row or record field of the top passages that
answers the question (``choose.extract_answer``), its checks, reasons and per-document answers."""
