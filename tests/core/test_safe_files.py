"""The one rule for opening files: regular files only, byte caps, available memory."""

import os

import pytest

from contrastive_viz.core import safe_files as sf


def test_a_regular_file_and_a_link_to_it_are_opened(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"hello")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert sf.regular_file(link) == target.resolve()
    with sf.open_regular(link) as fp:
        assert fp.read() == b"hello"
    assert sf.read_capped(link, 5) == b"hello"


def test_the_cap_counts_bytes_read(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"x" * 11)
    with pytest.raises(sf.FileRefused, match="larger than 10 bytes"):
        sf.read_capped(target, 10)


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: os.mkfifo(p), "FIFO"),
        (lambda p: p.mkdir(), "folder"),
        (lambda p: p.symlink_to("/dev/null"), "character device"),
        (lambda p: p.symlink_to(p.with_name("missing")), "does not exist"),
        (lambda p: None, "not found"),
    ],
)
def test_everything_but_regular_files_is_refused(tmp_path, make, fragment):
    path = tmp_path / "thing"
    make(path)
    with pytest.raises(sf.FileRefused, match=fragment):
        sf.open_regular(path)
    with pytest.raises(sf.FileRefused, match=fragment):
        sf.read_capped(path, 100)


def test_a_file_swapped_for_a_fifo_after_the_check_is_still_refused(tmp_path, monkeypatch):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    monkeypatch.setattr(sf, "regular_file", lambda p: fifo)  # the check was fooled
    with pytest.raises(sf.FileRefused, match="FIFO"):
        sf.open_regular(tmp_path / "anything")


def _fake_system(tmp_path, cgroup_line, files, meminfo_kb=8_000_000):
    proc = tmp_path / "proc"
    (proc / "self").mkdir(parents=True)
    (proc / "meminfo").write_text(f"MemTotal: 9 kB\nMemAvailable: {meminfo_kb} kB\n")
    (proc / "self" / "cgroup").write_text(cgroup_line + "\n")
    root = tmp_path / "cgroup"
    for rel, value in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(value + "\n")
    return str(proc), str(root)


@pytest.mark.parametrize(
    ("line", "files", "expected"),
    [
        ("0::/app", {"app/memory.max": "3000000000", "app/memory.current": "1000000000"}, 2e9),
        ("0::/app", {"app/memory.max": "max", "app/memory.current": "5"}, 8_000_000 * 1024),
        (
            "4:memory:/job",
            {"memory/job/memory.limit_in_bytes": "1500", "memory/job/memory.usage_in_bytes": "500"},
            1000,
        ),
        ("0::/app", {"app/memory.max": "100", "app/memory.current": "900"}, 0),
    ],
)
def test_available_memory_is_the_smaller_of_meminfo_and_the_cgroup(
    tmp_path, monkeypatch, line, files, expected
):
    proc, root = _fake_system(tmp_path, line, files)
    monkeypatch.setattr(sf, "_PROC", proc)
    monkeypatch.setattr(sf, "_CGROUP_ROOT", root)
    assert sf.available_memory() == expected


def test_available_memory_on_this_machine_is_positive():
    assert 0 < sf.available_memory()


def test_check_fits_names_what_and_advice(monkeypatch):
    monkeypatch.setattr(sf, "available_memory", lambda: 10**9)
    sf.check_fits(10**9, "the vectors")
    with pytest.raises(sf.FileRefused) as info:
        sf.check_fits(4_300_000_000, "the vectors", "Save them as .npy.")
    assert str(info.value) == (
        "the vectors would need 4.3 GB of memory but only 1.0 GB is available; refused. "
        "Save them as .npy."
    )
