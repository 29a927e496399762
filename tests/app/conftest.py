"""Qt test set-up: shared GL contexts must be requested before the QApplication exists."""

from PySide6.QtCore import QCoreApplication, Qt

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_job_outlives_its_test():
    """Wait for background jobs after each test, so none runs into the next one."""
    yield
    from contrastive_viz.app.controllers.jobs import job_pool

    assert job_pool().waitForDone(20_000), "a background job did not finish"


@pytest.fixture(autouse=True, scope="session")
def _private_settings(tmp_path_factory):
    """Keep QSettings (recent files, geometry) and the recovery file out of the user's home."""
    import os

    from PySide6.QtCore import QSettings

    base = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(base))
    os.environ.setdefault("CONTRASTIVE_VIZ_DATA_DIR", str(base / "data"))
    yield
