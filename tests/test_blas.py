"""NumPy's BLAS runs on one thread once the query encoder is set up (index/encode/blas.py)."""
import numpy as np
from threadpoolctl import threadpool_info

from puente.index.encode.blas import single_thread_numpy_blas


def _numpy_blas_threads() -> list[int]:
    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas" and "numpy" in i["filepath"]]


def test_numpy_blas_is_set_to_one_thread_and_products_still_agree():
    a = np.random.default_rng(0).standard_normal((300, 64))
    before = a @ a.T
    assert single_thread_numpy_blas() is True
    assert _numpy_blas_threads() == [1]
    assert np.allclose(a @ a.T, before)
