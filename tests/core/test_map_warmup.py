"""The map worker's warm-up: the small-data path first, NN-descent only while idle."""

from contrastive_viz.core.maps import worker
from contrastive_viz.core.maps.fit import WARMUP_ROWS


class FakeConn:
    def __init__(self, messages, waiting_after_prepare):
        self.inbox, self.sent = list(messages), []
        self.waiting = waiting_after_prepare

    def recv(self):
        if not self.inbox:
            raise EOFError
        return self.inbox.pop(0)

    def poll(self, _timeout=0):
        return self.waiting

    def send(self, msg):
        self.sent.append(msg)


def _serve(monkeypatch, waiting):
    calls = []
    monkeypatch.setattr(worker, "prepare", lambda m: calls.append(("prepare", m)))
    monkeypatch.setattr(worker, "prepare_more", lambda m: calls.append(("more", m)))
    conn = FakeConn([("prepare", "umap"), ("prepare", "umap")], waiting)
    worker.serve(conn)
    return calls, [m for m in conn.sent if m[0] == "prepared"]


def test_idle_worker_compiles_nn_descent_once_after_the_small_path(monkeypatch):
    calls, prepared = _serve(monkeypatch, waiting=False)
    assert calls == [("prepare", "umap"), ("more", "umap")]
    assert prepared == [("prepared", "umap"), ("prepared", "umap+"), ("prepared", "umap")]


def test_a_waiting_request_skips_the_extra_warm_up(monkeypatch):
    calls, prepared = _serve(monkeypatch, waiting=True)
    assert calls == [("prepare", "umap")]
    assert ("prepared", "umap+") not in prepared


def test_the_extra_warm_up_is_big_enough_for_nn_descent():
    # umap-learn takes exact neighbours below 4,096 rows (its "small data" path)
    assert WARMUP_ROWS > 4096
