"""Puente against the simplest pipeline and LlamaIndex's defaults on the same corpus and model (``python -m bench --peers``)."""
