"""``puente ingest --ray [ADDRESS]``: files are read and chunked in Ray tasks
(``ingest.batch.prepare``) and windows embedded by a pool of Ray actors through Ray Data
(``map_batches`` with ``ActorPoolStrategy``, the model loaded once per actor); the driver
stays the one writer (``update.ingest``), so the index is the one the plain path writes.

``local`` starts a Ray on this machine with ``Settings.ray_workers`` CPUs (and stops it
after); an address (``HOST:6379``, or ``ray://HOST:10001``) joins a running cluster
(``ray start --head``). A cluster with token authentication (Ray 2.52+; on by default when a
token exists in the head's ``~/.ray/auth_token``) needs its token here: ``RAY_AUTH_TOKEN``
(or ``RAY_AUTH_TOKEN_PATH``) is passed through with ``RAY_AUTH_MODE=token``. Files are sent to
the tasks by absolute path (a worker resolves a relative one from where its ``ray start``
ran), so on several machines the input must be at the same absolute path on every node
(shared storage); a file a worker cannot see fails with that node named. Workers need
Puente and the model folder at the driver's paths too. On 2 shared cores Ray measured
1.5-1.7x the plain ingest's speed (issue 24); it pays off on a cluster.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import numpy as np

from puente.common.errors import PuenteError, SettingError
from puente.common.settings import Settings
from puente.ingest.batch import prepare

from .encode.base import model_id
from .encode.tokens import TokenTable, UnitTokens

SHARD = 128  # windows per Ray Data row: one actor call encodes one shard


def model_dims(path: str | Path) -> int:
    """Vector width of a sentence-transformers folder, without loading it."""
    p = Path(path)
    for cfg, key in ((p / "1_Pooling" / "config.json", "word_embedding_dimension"), (p / "config.json", "hidden_size")):
        if cfg.is_file():
            return int(json.loads(cfg.read_text())[key])
    raise PuenteError(path, "no 1_Pooling/config.json or config.json in the model folder", "run `puente model build`")


class _EmbedActor:
    """One Ray actor: loads the model once, then encodes shards of window texts."""

    def __init__(self, path: str, threads: int):
        from .encode.embed import Encoder

        self.encoder = Encoder(path, threads=threads)

    def __call__(self, batch: dict) -> dict:
        blobs = []
        for texts in batch["texts"]:
            vecs, units, table = self.encoder.passages([str(t) for t in texts], tokens=True)
            buf = io.BytesIO()
            np.savez(buf, vecs=vecs, offsets=units.offsets, ids=units.ids, t_ids=table.ids, t_sums=table.sums,
                     t_counts=table.counts)
            blobs.append(buf.getvalue())
        return {"shard": batch["shard"], "blob": np.array(blobs, dtype=object)}


class RayEncoder:
    """The ``passages`` of an encoder (what ingest needs), computed by Ray actors."""

    def __init__(self, path: str | Path, workers: int, say=None, shard: int = SHARD):
        self.path = str(Path(path).resolve())
        self.shard = shard
        self.id = model_id(path)
        self.dims = model_dims(path)
        self.workers = workers
        self.say = say

    def passages(self, texts: list[str], progress: bool = False, tokens: bool = False):
        import ray.data
        from ray.data import ActorPoolStrategy

        if not texts:
            out = (np.zeros((0, self.dims), np.float32), UnitTokens.empty(), TokenTable.empty(self.dims))
            return out if tokens else out[0]
        shards = [{"shard": k, "texts": texts[s: s + self.shard]} for k, s in enumerate(range(0, len(texts), self.shard))]
        ds = ray.data.from_items(shards).map_batches(
            _EmbedActor, fn_constructor_args=(self.path, 1), batch_size=1, num_cpus=1,
            compute=ActorPoolStrategy(size=min(self.workers, len(shards))))
        parts: dict[int, dict] = {}
        for row in ds.iter_rows():
            with np.load(io.BytesIO(row["blob"]), allow_pickle=False) as z:
                parts[int(row["shard"])] = {k: z[k] for k in z.files}
            if self.say:
                self.say(f"embedded {min(len(parts) * self.shard, len(texts))}/{len(texts)} windows")
        vectors = np.concatenate([parts[k]["vecs"] for k in range(len(shards))])
        units, table = UnitTokens.empty(), TokenTable.empty(self.dims)
        for k in range(len(shards)):
            p = parts[k]
            units = units.concat(UnitTokens(p["offsets"], p["ids"]))
            table = table.combine(TokenTable(p["t_ids"], p["t_sums"], p["t_counts"]))
        return (vectors, units, table) if tokens else vectors


class RaySession:
    """Ray for one ingest: started (``local``) or joined (an address), shut down after."""

    def __init__(self, address: str, workers: int):
        if address != "local" and ":" not in address:
            raise SettingError(address, "not a Ray address", "use --ray local, or --ray HOST:PORT / ray://HOST:10001")
        self.address = address
        self.workers = max(1, workers)

    def __enter__(self) -> "RaySession":
        os.environ.setdefault("RAY_worker_niceness", "0")  # at 15, on a busy machine actors never load
        os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
        token = bool(os.environ.get("RAY_AUTH_TOKEN") or os.environ.get("RAY_AUTH_TOKEN_PATH"))
        if token and self.address != "local":  # Ray 2.60 ignores a token unless the mode says so, read at import
            os.environ.setdefault("RAY_AUTH_MODE", "token")
        try:
            import ray
        except ImportError as exc:
            raise SettingError("--ray", "Ray is not installed", "pip install 'puente[ray]'") from exc
        try:
            if self.address == "local":
                ray.init(num_cpus=self.workers, include_dashboard=False, log_to_driver=False,
                         configure_logging=False)
            else:
                ray.init(address=self.address, log_to_driver=False, configure_logging=False)
        except Exception as exc:  # noqa: BLE001 - ConnectionError, RuntimeError, ray's own
            why = f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
            if self.address == "local":
                raise PuenteError(self.address, f"could not start Ray ({why})", "check `ray status`, or run without --ray") from exc
            auth = ("a cluster with token authentication refuses a driver without its token: set RAY_AUTH_TOKEN to what "
                    "`ray get-auth-token` prints on the head node" if not token else
                    "check that RAY_AUTH_TOKEN is what `ray get-auth-token` prints on the head node")
            raise PuenteError(self.address, f"could not join Ray ({why})", f"check the address (the head's "
                              f"`ray start --head --port`); {auth}") from exc
        import logging

        from ray.data import DataContext

        logging.getLogger("ray.data").setLevel(logging.WARNING)

        ctx = DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        return self

    def __exit__(self, *exc) -> None:
        import ray

        ray.shutdown()

    def prefetch(self, settings, max_bytes: int):
        """``update.ingest``'s ``prefetch``: :func:`ingest.batch.prepare` of every file in Ray tasks."""
        import ray

        task = ray.remote(num_cpus=1)(prepare_on_worker)

        def run(files: list[Path], hashes: frozenset[str]) -> dict:
            refs = [task.remote(Path(f).resolve(), settings, max_bytes, hashes) for f in files]
            return dict(zip(files, ray.get(refs)))
        return run


def prepare_on_worker(f: Path, settings, max_bytes: int, hashes: frozenset[str]):
    """:func:`ingest.batch.prepare` in a Ray task; a file this node cannot see fails with the node named."""
    import socket

    from puente.ingest.batch import Prepared

    if not f.exists():
        return Prepared(None, str(PuenteError(f, f"not found on Ray node {socket.gethostname()}",
                                              "put the input on storage every Ray node mounts at the same path")))
    return prepare(f, settings, max_bytes, hashes)


def ingest_with_ray(address: str, paths: list, index, model: str, settings: Settings, say=None, shard: int = SHARD, **kw):
    """``update.ingest`` with reading, chunking and embedding on Ray (see the module docstring)."""
    from .update import ingest

    with RaySession(address, settings.ray_workers) as rs:
        encoder = RayEncoder(model, rs.workers, say, shard)
        return ingest(paths, index, encoder, settings.chunker, max_bytes=settings.max_bytes,
                      prefetch=rs.prefetch(settings.chunker, settings.max_bytes), **kw)
