"""Qt test set-up: shared GL contexts must be requested before the QApplication exists."""

from PySide6.QtCore import QCoreApplication, Qt

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_job_outlives_its_test():
    """Wait for background jobs after each test, so none runs into the next one."""
    yield
    from contrastive_viz.app.workers import job_pool

    assert job_pool().waitForDone(20_000), "a background job did not finish"
