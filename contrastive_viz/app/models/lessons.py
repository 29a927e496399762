"""The lesson course's evented state: which lesson, its check's result, what is done.

No Qt. Every event fires only when its field changes.

Events
------
lesson_changed(object)
    The current :class:`~...core.lesson.Lesson` (or None), after ``index`` is set.
result_changed(object)
    The current check's :class:`~...core.lesson_check.CheckResult` (or None).
done_changed(object)
    The frozenset of finished lessons' file names.
hint_changed(bool)
    Whether the hint is shown.
"""

from __future__ import annotations

from pathlib import Path

from psygnal import Signal

from ...core.lesson import Lesson
from ...core.lesson_check import CheckResult


class LessonsModel:
    """The course: its lesson files, the current one, its result and the finished ones.

    Parameters
    ----------
    paths : list of Path
        The lesson files, in order.
    """

    lesson_changed = Signal(object)
    result_changed = Signal(object)
    done_changed = Signal(object)
    hint_changed = Signal(bool)

    def __init__(self, paths: list[Path]) -> None:
        self.paths = list(paths)
        self._index = -1
        self._lesson: Lesson | None = None
        self._result: CheckResult | None = None
        self._done: frozenset[str] = frozenset()
        self._hint = False

    @property
    def index(self) -> int:
        """Position of the current lesson in :attr:`paths` (-1 before the first)."""
        return self._index

    @property
    def lesson(self) -> Lesson | None:
        return self._lesson

    def set_lesson(self, index: int, lesson: Lesson) -> None:
        """Make ``lesson`` (read from ``paths[index]``) the current one: no result
        yet and the hint hidden, then ``lesson_changed``."""
        self._index, self._lesson = index, lesson
        self.result = None
        self.hint = False
        self.lesson_changed.emit(lesson)

    @property
    def result(self) -> CheckResult | None:
        return self._result

    @result.setter
    def result(self, value: CheckResult | None) -> None:
        if value != self._result:
            self._result = value
            self.result_changed.emit(value)

    @property
    def done(self) -> frozenset[str]:
        """File names of the lessons whose check has passed at least once."""
        return self._done

    @done.setter
    def done(self, names) -> None:
        names = frozenset(names)
        if names != self._done:
            self._done = names
            self.done_changed.emit(names)

    def is_done(self, index: int) -> bool:
        return 0 <= index < len(self.paths) and self.paths[index].name in self._done

    @property
    def hint(self) -> bool:
        return self._hint

    @hint.setter
    def hint(self, value: bool) -> None:
        value = bool(value)
        if value != self._hint:
            self._hint = value
            self.hint_changed.emit(value)
