"""Extracted answers: the sentence, table row or record field of the top passages that
answers the question (``choose.answer``), its checks, reasons and per-document answers."""
