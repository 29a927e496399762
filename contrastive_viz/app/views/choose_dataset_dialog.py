"""A small dialog that lists the arrays of a file and lets the user pick the vectors."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = ["ChooseDatasetDialog"]


class ChooseDatasetDialog(QDialog):
    """Pick one of several 2-D arrays (safetensors tensors, HDF5 datasets).

    Parameters
    ----------
    file_name : str
        Shown in the title and the prompt.
    candidates : dict
        ``{name: (shape, dtype)}``, in the order to list them.
    default : str, optional
        The name selected at first (else the first one).
    parent : QWidget, optional
    """

    def __init__(
        self,
        file_name: str,
        candidates: dict[str, tuple[tuple[int, ...], str]],
        default: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(f"Choose the vectors in {file_name}")
        layout = QVBoxLayout(self)
        prompt = QLabel(f"{file_name} holds {len(candidates)} 2-D arrays. Which are the vectors?")
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.list = QListWidget()
        for name, (shape, dtype) in candidates.items():
            size = " × ".join(f"{n:,}" for n in shape)
            item = QListWidgetItem(f"{name}    ({size}, {dtype})")
            item.setData(Qt.UserRole, name)
            self.list.addItem(item)
            if name == default or self.list.currentItem() is None:
                self.list.setCurrentItem(item)
        self.list.itemDoubleClicked.connect(self.accept)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.Open | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> str | None:
        """The selected array's name, or None."""
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.UserRole)
