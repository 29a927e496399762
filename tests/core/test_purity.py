"""The core never imports Qt, and nothing heavy loads at import time."""

import subprocess
import sys

import pytest

CORE_MODULES = [
    "losses", "sphere", "scene", "presets", "atomic", "report", "bounds", "safe_files", "csv_cells",
    "embeddings", "projection", "neighbors", "bridge", "dataset_metrics",
    "density", "label_filter", "point_info", "explorer_data", "dataset_sampling",
    "supcon_sweep", "vector_choice", "colors",
]  # fmt: skip


@pytest.mark.parametrize("name", CORE_MODULES)
def test_core_module_imports_no_qt_and_no_sklearn(name):
    code = (
        f"import sys, contrastive_viz.core.{name}\n"
        "bad = [m for m in ('PySide6', 'pyqtgraph', 'sklearn', 'OpenGL') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core.{name} loaded {out.stdout.strip()}"


def test_cli_help_and_version_do_not_need_qt():
    for flag in ("--help", "--version"):
        code = (
            "import sys\n"
            "from contrastive_viz.cli import main\n"
            f"try:\n    main([{flag!r}])\nexcept SystemExit as e:\n    assert e.code == 0\n"
            "assert 'PySide6' not in sys.modules"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert ("contrastive-viz" in out.stdout) and (flag != "--version" or "0.1.0" in out.stdout)
