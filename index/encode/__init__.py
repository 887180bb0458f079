"""Encoding: the multilingual-e5 model built from PyPI packages, the torch encoder for
ingest and the ONNX encoder for questions."""
