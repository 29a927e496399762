"""The worker process's loop, driven through a pipe (here in a thread of the test)."""

import multiprocessing
import threading

import numpy as np

from contrastive_viz.core.training import Run, TrainSettings, vectors_data
from contrastive_viz.core.training.worker import serve


def _data():
    rng = np.random.default_rng(0)
    return vectors_data(rng.normal(size=(40, 6)), np.arange(40) % 2, "blobs")


def _messages(conn, until="stopped"):
    out = []
    while True:
        assert conn.poll(20), "the worker stopped answering"
        msg = conn.recv()
        out.append(msg)
        if msg[0] == until:
            return out


def test_a_run_trains_in_the_worker_and_comes_back_the_same_as_at_home():
    ours, theirs = multiprocessing.Pipe()
    thread = threading.Thread(target=serve, args=(theirs, 0.0, 0), daemon=True)
    thread.start()
    data = _data()
    settings = TrainSettings(batch_size=8, hidden=5)
    run = Run(data, settings)
    run.data = None
    ours.send(("data", data))
    ours.send(("run", run, 6, 2))
    msgs = _messages(ours)
    records = [r for m in msgs if m[0] == "progress" for r in m[1]]
    snaps = {k: v for m in msgs if m[0] == "progress" for k, v in m[3].items()}
    back = msgs[-1][1]
    assert msgs[-1][2] is None and back.data is None and back.step_count == 6
    assert [r.step for r in records] == [1, 2, 3, 4, 5, 6] and sorted(snaps) == [2, 4, 6]
    home = Run(data, settings)  # the same steps at home: bit for bit
    for _ in range(6):
        home.step()
    assert all(
        np.array_equal(home.encoder.params[k], back.encoder.params[k]) for k in back.encoder.params
    )
    back.data = data
    assert np.array_equal(snaps[6], back.embed())
    # a live change and a stop
    back.data = None
    ours.send(("run", back, None, 100))
    ours.send(("set", "temperature", 0.5))
    msgs = _messages(ours, "progress")
    ours.send(("stop",))
    msgs = _messages(ours)
    again = msgs[-1][1]
    assert again.settings.temperature == 0.5 and again.step_count >= again.changes[0]["step"] >= 6
    ours.send(("quit",))
    thread.join(5)
    assert not thread.is_alive()


def test_a_diverging_run_comes_back_with_the_reason():
    ours, theirs = multiprocessing.Pipe()
    thread = threading.Thread(target=serve, args=(theirs, 0.0, 0), daemon=True)
    thread.start()
    data = _data()
    run = Run(data, TrainSettings(batch_size=8, hidden=5, optimizer="sgd", lr=1e308))
    run.data = None
    ours.send(("data", data))
    ours.send(("run", run, 50, 10))
    msgs = _messages(ours)
    assert "lower learning rate" in msgs[-1][2]
    assert all(np.isfinite(v).all() for v in msgs[-1][1].encoder.params.values())
    ours.close()  # the pipe closes: the worker returns
    thread.join(5)
    assert not thread.is_alive()
