"""What a user takes away: text, Markdown and CSV of an answer and of records (``formats``), a comparison or a
follow-through (``comparison``, also Word), a briefing (``briefing``), and where their links point (``links``)."""
