"""What the command line shows on a terminal while it works (nothing when piped)."""
from __future__ import annotations

import sys
from pathlib import Path


def loading_model(bar: bool) -> None:
    """On a terminal, say so before the model loads (seconds of silence otherwise)."""
    if bar:
        print("loading model…", file=sys.stderr, flush=True)


def progress_bar():
    """On a terminal, a tqdm bar over the files read (with the pages so far and an ETA);
    the embedding bar (windows, ETA) follows. Nothing when stdout or stderr is piped."""
    if not (sys.stderr.isatty() and sys.stdout.isatty()):
        return None, False
    from tqdm import tqdm

    bar = {"b": None}

    def update(i: int, n: int, name: str, pages: int = 0) -> None:
        if bar["b"] is None:
            bar["b"] = tqdm(total=n, desc="reading", unit="file", file=sys.stderr)
        bar["b"].n = i
        bar["b"].set_postfix_str(f"{pages} pages" + (f" · {Path(name).name[:40]}" if name else ""))
        bar["b"].refresh()
        if i >= n:
            bar["b"].close()

    return update, True
