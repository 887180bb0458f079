"""The web app: the Gradio page (``layout``, ``tabs``), what it does apart from widgets (``behaviour``), its pure HTML
(``render``, ``theme``), and the read-only routes for a cited page (``routes``, ``pageview``)."""
