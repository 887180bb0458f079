"""Storage: an index version as a plain folder (FAISS) or as Milvus collections, the
dense-vector engines behind one contract, and the one-writer lock."""
