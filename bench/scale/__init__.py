"""Index size: memory and recall at scale, Milvus memory and a real Milvus server."""
