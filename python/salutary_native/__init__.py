"""salutary-native: salutary labeling (Xiao & Liu, arXiv 2405.17627) on a native C++/Eigen core.

For every unlabeled pool row and every candidate label, an influence function estimates
how adding that pair to the training set changes the validation loss of an L2 logistic
model; each row gets its most helpful (salutary) label and the best rows are selected.
"""

from . import (
    _core,  # noqa: F401  (the native module, public as salutary_native._core)
    pool_curvature,  # noqa: F401  (the pool curvature's partials and merge, for distributed fits)
)
from ._core import HAS_CUDA, FactorizationError, build_info, get_num_threads, has_openmp, set_num_threads
from .checkpoint import CheckpointError
from .estimator import LogisticRegression
from .influence import hessian, influence_table, salutary_query, top_b, val_direction
from .label_noise import SuspiciousLabels, suspicious_labels
from .learner import ActiveLearner, RoundRecord
from .paper_split import PaperSplit, split_paper_protocol
from .salutary_rounds import RoundFit, SalutaryRounds
from .scorer import InfluenceScorer, PartialTopB, SalutaryQuery, merge_top_b, validation_gradient
from .shards import NpyFolder, ParquetRowGroups, ZarrRows
from .strategies import STRATEGIES, PoolScores, Strategy

__version__ = "0.1.0"

__all__ = [
    "HAS_CUDA",
    "STRATEGIES",
    "ActiveLearner",
    "CheckpointError",
    "FactorizationError",
    "InfluenceScorer",
    "LogisticRegression",
    "NpyFolder",
    "PaperSplit",
    "ParquetRowGroups",
    "PartialTopB",
    "PoolScores",
    "RoundFit",
    "RoundRecord",
    "SalutaryQuery",
    "SalutaryRounds",
    "Strategy",
    "SuspiciousLabels",
    "ZarrRows",
    "build_info",
    "get_num_threads",
    "has_openmp",
    "hessian",
    "influence_table",
    "merge_top_b",
    "salutary_query",
    "set_num_threads",
    "split_paper_protocol",
    "suspicious_labels",
    "top_b",
    "val_direction",
    "validation_gradient",
]
