"""NumPy's BLAS thread pool on the query path."""
from __future__ import annotations


def single_thread_numpy_blas() -> bool:
    """Run NumPy's own BLAS (OpenBLAS) on one thread from now on; False when threadpoolctl
    finds no BLAS library shipped with NumPy.

    A question runs ONNX Runtime (its own thread pool) and then small NumPy products (token
    matching, re-scoring): one question's products gain nothing from a second thread, and
    on 2 cores OpenBLAS's threads, spinning after each product, slow the next ONNX pass.
    Warm ``Engine.ask`` over the dev questions: p50 64-67 ms with two BLAS threads, 29 ms
    with one (docs/benchmarks.md). FAISS's own BLAS copy is left as it is."""
    import numpy  # noqa: F401 - its BLAS must be loaded to be found
    from threadpoolctl import ThreadpoolController

    libs = [lib for lib in ThreadpoolController().lib_controllers
            if lib.user_api == "blas" and "numpy" in str(lib.filepath)]
    for lib in libs:
        lib.set_num_threads(1)
    return bool(libs)
