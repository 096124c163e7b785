"""Pools stored on disk, read as row blocks: .npy shards, Parquet row groups and zarr arrays.

Each source checks every file it will read when it is built, then yields 2-D C-contiguous
float32/float64 blocks one at a time, in global row order, so that
``InfluenceScorer.query(source, budget)`` equals one call on the whole pool in memory,
bit for bit. The Parquet and zarr readers import their libraries only when used
(``pip install 'salutary-native[shards]'``).
"""

from ._pool_source import PoolSource
from .npy_folder import NpyFolder
from .parquet import ParquetRowGroups
from .zarr_array import ZarrRows

__all__ = ["NpyFolder", "ParquetRowGroups", "PoolSource", "ZarrRows"]
