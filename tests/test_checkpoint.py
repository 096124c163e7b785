"""State files: round trip, atomic replacement, and refusal of anything not intact."""

import os

import numpy as np
import pytest

from salutary_native import checkpoint
from salutary_native.checkpoint import CheckpointError, load_state, save_state


def _arrays():
    return {"a": np.arange(12, dtype=np.int64).reshape(3, 4), "b": np.linspace(0, 1, 5), "s": np.array(["x", "yz"])}


def test_round_trip(tmp_path):
    path = tmp_path / "s.npz"
    save_state(path, _arrays(), {"round": 3, "loss": float("nan"), "names": ["a"]})
    arrays, meta = load_state(path)
    for name, value in _arrays().items():
        np.testing.assert_array_equal(arrays[name], value)
        assert arrays[name].dtype == value.dtype
    assert meta["round"] == 3 and np.isnan(meta["loss"]) and meta["names"] == ["a"]


def test_object_arrays_are_refused_because_they_need_pickle(tmp_path):
    with pytest.raises(TypeError, match="pickle"):
        save_state(tmp_path / "s.npz", {"o": np.array([1, "a"], dtype=object)}, {})


@pytest.mark.parametrize("cut", [0, 10, 200, -30, -1])
def test_truncated_files_are_refused(tmp_path, cut):
    path = tmp_path / "s.npz"
    save_state(path, _arrays(), {"round": 1})
    data = path.read_bytes()
    path.write_bytes(data[:cut] if cut > 0 else data[:len(data) + cut] if cut else b"")
    with pytest.raises(CheckpointError):
        load_state(path)


def test_a_flipped_byte_is_refused(tmp_path):
    path = tmp_path / "s.npz"
    save_state(path, _arrays(), {"round": 1})
    data = bytearray(path.read_bytes())
    raw = np.arange(12, dtype=np.int64).tobytes()
    at = bytes(data).index(raw) + 8  # inside array "a"'s payload
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(CheckpointError):
        load_state(path)


def test_an_npz_without_meta_is_refused(tmp_path):
    path = tmp_path / "s.npz"
    np.savez(path, a=np.arange(3))
    with pytest.raises(CheckpointError, match="not a salutary-native state file"):
        load_state(path)


def test_a_failed_write_keeps_the_old_state_and_leaves_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "s.npz"
    save_state(path, _arrays(), {"round": 1})
    before = path.read_bytes()

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(checkpoint.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        save_state(path, _arrays(), {"round": 2})
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["s.npz"]
    assert load_state(path)[1]["round"] == 1


def test_files_are_read_without_pickle(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, a=np.array([{"x": 1}], dtype=object))
    with pytest.raises(CheckpointError):
        load_state(path)
