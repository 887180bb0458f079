"""Weighing the candidates: their features and fitted weights (``score``, ``weights.json``), the ranking
(``rank``), and which near-best candidate to prefer (``prefer``)."""
