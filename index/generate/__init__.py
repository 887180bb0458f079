"""Generated answers (optional): an OpenAI-compatible endpoint's answer, its claims
verified against the cited passages."""
