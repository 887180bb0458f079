"""LlamaIndex's defaults as a peer in ``python -m bench --peers``: ``VectorStoreIndex`` with
its default ``SentenceSplitter`` (1,024 tokens, 200 overlap), in-memory ``SimpleVectorStore``
persisted as JSON, ``HuggingFaceEmbedding`` of the same local model (default batch size 10).

Installed only for the run, into a folder of its own put on the worker's PYTHONPATH (never
into the venv, never into pyproject): ``pip install --target`` of exactly the packages a
``pip install --dry-run`` against the venv says are missing. Departures from the defaults,
each printed in the report: PDFs are read page by page with pypdf into one ``Document`` per
page with ``file_name`` and ``page_label`` metadata, as LlamaIndex's ``PDFReader`` does (it lives
in ``llama-index-readers-file``, not core; without it core's reader would read PDF bytes as
text); the e5 prefixes ``query: `` / ``passage: `` are passed as the embedding's instructions
(LlamaIndex adds none for e5, whose model card requires them); top k is 10, not 2."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGES = ("llama-index-core", "llama-index-embeddings-huggingface")
DEFAULT_SITE = Path.home() / ".cache" / "puente-bench" / "llamaindex"
DEPARTURES = ("PDFs read with pypdf into one Document per page (file_name, page_label metadata), as "
              "llama-index-readers-file's PDFReader does", "e5 prefixes passed as query/text instructions",
              "similarity_top_k 10")


def ensure_installed(site: str | Path | None = None) -> tuple[str | None, str]:
    """Install LlamaIndex into ``site`` when it is not there yet. Returns ``(site, "")``, or
    ``(None, why)`` when it cannot be installed or imported here."""
    site = Path(site or DEFAULT_SITE)
    marker = site / ".installed"
    if not marker.exists():
        try:
            with tempfile.TemporaryDirectory() as tmp:
                report = Path(tmp) / "report.json"
                pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
                subprocess.run(pip + ["--dry-run", "--report", str(report), *PACKAGES], check=True,
                               capture_output=True, text=True, timeout=900)
                pins = [f"{i['metadata']['name']}=={i['metadata']['version']}" for i in json.loads(report.read_text())["install"]]
                subprocess.run(pip + ["--no-deps", "--target", str(site), *pins], check=True, capture_output=True,
                               text=True, timeout=1800)
        except (subprocess.SubprocessError, OSError, ValueError, KeyError) as exc:
            err = getattr(exc, "stderr", "") or str(exc)
            return None, f"pip could not install {' '.join(PACKAGES)}: {' '.join(err.split())[-300:]}"
        marker.write_text(" ".join(pins) + "\n")
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(site)) if p))
    probe = subprocess.run([sys.executable, "-c", "import llama_index.core, llama_index.embeddings.huggingface"],
                           capture_output=True, text=True, env=env)
    if probe.returncode:
        return None, f"installed in {site} but does not import: {probe.stderr.strip().splitlines()[-1][:300]}"
    return str(site), ""


class LlamaIndexDefaults:
    """LlamaIndex behind the peers benchmark's worker protocol."""

    name = "llamaindex"

    def __init__(self, model: str):
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        self.embed = HuggingFaceEmbedding(model_name=model, device="cpu", query_instruction="query: ",
                                          text_instruction="passage: ")

    def warm_up(self) -> None:
        self.embed.get_text_embedding_batch(["warm-up"] * 8)

    @staticmethod
    def documents(corpus: str) -> list:
        from llama_index.core import Document
        from pypdf import PdfReader

        docs = []
        for f in sorted(Path(corpus).glob("*.pdf")):
            for n, page in enumerate(PdfReader(str(f)).pages, 1):
                docs.append(Document(text=page.extract_text() or "", metadata={"page_label": str(n), "file_name": f.name}))
        return docs

    def ingest(self, corpus: str, index_dir: str) -> dict:
        from llama_index.core import VectorStoreIndex

        index = VectorStoreIndex.from_documents(self.documents(corpus), embed_model=self.embed)
        index.storage_context.persist(persist_dir=index_dir)
        nodes = list(index.docstore.docs.values())
        return {"chunks": len(nodes),
                "chunk_chars": round(sum(len(n.get_content()) for n in nodes) / max(1, len(nodes)))}

    def open(self, index_dir: str) -> None:
        from llama_index.core import StorageContext, load_index_from_storage

        index = load_index_from_storage(StorageContext.from_defaults(persist_dir=index_dir), embed_model=self.embed)
        self.k = None
        self.index = index

    def search(self, question: str, k: int) -> list[dict]:
        if self.k != k:
            self.retriever, self.k = self.index.as_retriever(similarity_top_k=k), k
        return [{"doc": Path(n.node.metadata.get("file_name", "")).stem, "text": n.node.get_content()}
                for n in self.retriever.retrieve(question)]
