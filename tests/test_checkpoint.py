"""State files and the learner state in them: round trip, atomic replacement, refusal of anything not intact."""

import os

import numpy as np
import pytest

from salutary_native import LogisticRegression, checkpoint
from salutary_native.checkpoint import CheckpointError, load_state, save_state
from salutary_native.learner_state import LabelPositions, LearnerState, input_fingerprint
from salutary_native.round_record import RoundRecord
from salutary_native.strategies import make_strategy


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


def test_label_positions_store_any_label_dtype_as_int64():
    positions = LabelPositions(np.array(["eel", "cat"]), None, np.array(["dog", "cat"], dtype=object))
    encoded = positions.encode(np.array(["dog", "eel", "cat"]))
    assert encoded.dtype == np.int64 and encoded.tolist() == [1, 2, 0]
    assert positions.decode(encoded).tolist() == ["dog", "eel", "cat"]


def _fitted_state(fingerprint="f" * 64):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 3)), np.array(["a", "b", "c"] * 20)
    model = LogisticRegression(C=0.5).fit(X, y)
    state = LearnerState(fingerprint, y[:30], y[30:])
    state.add(np.array([7, 2]), np.array(["c", "a"]))
    state.records.append(RoundRecord(0, 30, float("nan"), float("nan"), 0.5, 1.0, (), (), 0.1, 0.0, 0.0))
    state.records.append(RoundRecord(1, 32, 0.6, 0.9, 0.5, 1.0, ("c", "a"), ("c", "b"), 0.1, 0.2, 0.0))
    return state, model


def test_learner_state_round_trips_through_a_state_file(tmp_path):
    state, model = _fitted_state()
    strategy = make_strategy("pred_infl", 0)
    path = tmp_path / "s.npz"
    state.save(path, model, strategy)
    arrays, meta = load_state(path)
    assert all(a.dtype != object for a in arrays.values()) and meta["fingerprint"] == state.fingerprint

    restored, empty = LearnerState(state.fingerprint, np.array(["a", "b", "c"])), LogisticRegression(C=0.5)
    restored.load(path, empty, make_strategy("pred_infl", 0))
    np.testing.assert_array_equal(restored.added, state.added)
    np.testing.assert_array_equal(restored.added_labels, state.added_labels)
    assert restored.records[1] == state.records[1] and np.isnan(restored.records[0].test_loss)
    for name in ("classes_", "coef_", "intercept_", "n_iter_"):
        np.testing.assert_array_equal(getattr(empty, name), getattr(model, name))
    assert (empty.solver_, empty.n_features_in_, empty.objective_) == (model.solver_, 3, model.objective_)
    np.testing.assert_array_equal(restored.taken(), [2, 7])


def test_a_state_of_another_fingerprint_or_missing_an_entry_is_refused(tmp_path):
    state, model = _fitted_state()
    path = tmp_path / "s.npz"
    state.save(path, model, make_strategy("random", 0))
    with pytest.raises(CheckpointError, match="other inputs or settings"):
        LearnerState("0" * 64, np.array(["a", "b", "c"])).load(path, LogisticRegression(), make_strategy("random", 0))
    arrays, meta = load_state(path)
    del arrays["added_labels"]
    meta.pop("format_version")
    save_state(path, arrays, meta)
    with pytest.raises(CheckpointError, match="incomplete"):
        LearnerState(state.fingerprint, np.array(["a", "b", "c"])).load(path, LogisticRegression(),
                                                                          make_strategy("random", 0))


def test_the_fingerprint_sees_every_array_byte_and_setting():
    model, strategy = LogisticRegression(C=0.5), make_strategy("entropy", 0)
    settings = dict(budget=5, seed=0, hessian_on="train", damping=0.0)
    X = np.zeros((4, 2))
    base = input_fingerprint([X, None], model, strategy, **settings)
    assert base == input_fingerprint([X.copy(), None], LogisticRegression(C=0.5), strategy, **settings)
    X2 = X.copy()
    X2[3, 1] = 1e-300
    changed = [input_fingerprint([X2, None], model, strategy, **settings),
               input_fingerprint([X.astype(np.float32), None], model, strategy, **settings),
               input_fingerprint([X, X], model, strategy, **settings),
               input_fingerprint([X, None], LogisticRegression(C=0.4), strategy, **settings),
               input_fingerprint([X, None], model, make_strategy("margin", 0), **settings),
               input_fingerprint([X, None], model, strategy, **{**settings, "damping": 1e-9})]
    assert len({base, *changed}) == 1 + len(changed)
    labels = np.array(["x", "y"], dtype=object)
    assert input_fingerprint([labels], model, strategy, **settings) == \
        input_fingerprint([labels.copy()], model, strategy, **settings)
