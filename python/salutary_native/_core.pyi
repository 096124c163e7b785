"""Type stub of the native module salutary_native._core (cpp/python/module.cpp).

Arrays must already be C-contiguous with the stated dtypes: the Python layer
(salutary_native.inputs) checks and converts user input before calling in here.
"""

from typing import Optional, TypedDict

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Rows = npt.NDArray[np.float32] | npt.NDArray[np.float64]

class FactorizationError(np.linalg.LinAlgError): ...

class BuildInfo(TypedDict):
    openmp: bool
    simd: str
    eigen: str
    newton_max_params: int

class FitResult(TypedDict):
    coef: F64
    n_iter: int
    converged: bool
    objective: float
    solver: str

def set_num_threads(n: int) -> None: ...
def get_num_threads() -> int: ...
def has_openmp() -> bool: ...
def build_info() -> BuildInfo: ...
def all_finite(X: Rows, name: str = "X") -> bool: ...
def fit_logistic(X: Rows, y: I64, sample_weight: Optional[F64], n_classes: int, C: float,
                 fit_intercept: bool, tol: float, max_iter: int, solver: str = "auto",
                 warm_start: Optional[F64] = None) -> FitResult: ...
def predict_proba(coef: F64, n_classes: int, fit_intercept: bool, X: Rows) -> F64: ...
def objective(coef: F64, n_classes: int, fit_intercept: bool, C: float, X: Rows, y: I64,
              sample_weight: Optional[F64] = None) -> float: ...
def hessian(coef: F64, n_classes: int, fit_intercept: bool, C: float, X_train: F64,
            sample_weight: Optional[F64], X_pool: Rows, hessian_on: str, damping: float) -> F64: ...
def val_direction(coef: F64, n_classes: int, fit_intercept: bool, C: float, X_train: F64,
                  sample_weight: Optional[F64], X_val: F64, y_val: I64, X_pool: Rows,
                  hessian_on: str, damping: float, solver: str = "auto") -> tuple[F64, str, int]: ...
def influence_table(coef: F64, n_classes: int, fit_intercept: bool, C: float, X_train: F64,
                    sample_weight: Optional[F64], X_val: F64, y_val: I64, X_pool: Rows,
                    hessian_on: str, damping: float, solver: str = "auto") -> F64: ...
def salutary_query(coef: F64, n_classes: int, fit_intercept: bool, C: float, X_train: F64,
                   sample_weight: Optional[F64], X_val: F64, y_val: I64, X_pool: Rows,
                   budget: int, seed: int, hessian_on: str, damping: float,
                   keep_table: bool, solver: str = "auto") -> tuple[I64, I64, F64, Optional[F64]]: ...
def top_b(scores: F64, budget: int, seed: int = 0) -> I64: ...

# Set by the loader (_core.py): the build in use and whether it is the CUDA one.
VARIANT: str
HAS_CUDA: bool
# Present in the CUDA build only (HAS_CUDA).
def cuda_device_count() -> int: ...
def salutary_query_cuda(coef: F64, n_classes: int, fit_intercept: bool, C: float, X_train: F64,
                        sample_weight: Optional[F64], X_val: F64, y_val: I64, X_pool: Rows,
                        budget: int, seed: int, hessian_on: str, damping: float,
                        keep_table: bool, solver: str = "auto") -> tuple[I64, I64, F64, Optional[F64]]: ...
