"""Lessons: a scene plus a caption, a task with a check, a hint and an explanation.

A lesson is a scene file in format version 2 with a ``"lesson"`` object::

    "lesson": {
      "title": {"en": "Cosine similarity", "zh_CN": "余弦相似度"},
      "caption": {"en": "Cosine similarity", "zh_CN": "余弦相似度"},
      "task": "Drag p2 away from p1 until their cosine is below 0.5.",
      "check": {"metric": "cosine", "of": "p2", "below": 0.5},
      "hint": "...",
      "explanation": "..."
    }

Each text is a string or an object of language -> string (``"en"``, ``"zh_CN"``,
...). ``caption``, ``task`` and ``check`` are required; ``title`` (a short name
for the list of lessons), ``hint`` and ``explanation`` are optional. The check's vocabulary is in
:mod:`~.lesson_check`. The lessons that ship are in ``contrastive_viz/lessons/``
(:func:`builtin_lessons`); a folder of lessons is also a presentation playlist.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import scene as sc  # first: it imports scene_format once it is defined
from . import scene_format
from .lesson_check import Condition, parse_check

Scene, SceneError = sc.Scene, sc.SceneError

__all__ = [
    "LESSON_SUFFIX",
    "Lesson",
    "LessonText",
    "builtin_lessons",
    "builtin_lessons_folder",
    "lesson_files",
    "lesson_from_dict",
    "load_lesson",
    "parse_lesson",
]

LESSON_SUFFIX = ".cvscene.json"
TEXT_FIELDS = ("title", "caption", "task", "hint", "explanation")
_REQUIRED = ("caption", "task", "check")
_KEYS = set(TEXT_FIELDS) | {"check"}
MAX_TEXT_CHARS = 4000
MAX_LANGUAGES = 32
_LANG = re.compile(r"^[a-z]{2,3}(_[A-Z]{2}|_[A-Z][a-z]{3})?$")


@dataclass(frozen=True)
class LessonText:
    """One text in several languages: ``(language, text)`` pairs, the first the default."""

    by_language: tuple[tuple[str, str], ...] = ()

    def get(self, language: str = "en") -> str:
        """The text in ``language`` (``"zh_CN"``), else its base language (``"zh"``),
        else English, else the first one given; "" when there is none."""
        table = dict(self.by_language)
        base = language.split("_")[0]
        for key in (language, base, *(k for k in table if k.split("_")[0] == base), "en"):
            if key in table:
                return table[key]
        return self.by_language[0][1] if self.by_language else ""

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.by_language)


@dataclass(frozen=True, eq=False)
class Lesson:
    """A scene to start from, what to do in it, and how to tell that it is done."""

    scene: Scene
    caption: LessonText
    task: LessonText
    check: tuple[Condition, ...]
    hint: LessonText = LessonText()
    explanation: LessonText = LessonText()
    title: LessonText = LessonText()

    def text(self, field: str, language: str = "en") -> str:
        """``title``, ``caption``, ``task``, ``hint`` or ``explanation`` in ``language``
        ("" for an optional text the file leaves out)."""
        if field not in TEXT_FIELDS:
            raise KeyError(field)
        return getattr(self, field).get(language)


def _text(value, where: str) -> LessonText:
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not value:
        raise SceneError(f"{where} must be a string or an object of language -> string")
    if len(value) > MAX_LANGUAGES:
        raise SceneError(f"{where} has {len(value)} languages; at most {MAX_LANGUAGES}")
    pairs = []
    for lang, text in value.items():
        if not _LANG.match(lang):
            raise SceneError(f"{where}: {lang[:20]!r} is not a language code like 'en' or 'zh_CN'")
        if not isinstance(text, str):
            raise SceneError(f"{where} ({lang}) must be a string")
        if len(text) > MAX_TEXT_CHARS:
            raise SceneError(f"{where} ({lang}) is longer than {MAX_TEXT_CHARS} characters")
        pairs.append((lang, text.strip()))
    return LessonText(tuple(pairs))


def parse_lesson(obj, scene: Scene) -> Lesson:
    """Validate the ``"lesson"`` object of a version-2 scene file for ``scene``.

    Raises
    ------
    SceneError
        Naming the first problem (a missing or unknown field, a text that is not a
        string or a language table, a text too long, a check that does not fit
        the scene; see :func:`~.lesson_check.parse_check`).
    """
    if not isinstance(obj, dict):
        raise SceneError("'lesson' must be an object")
    unknown = sorted(str(k)[:40] for k in obj if k not in _KEYS)
    if unknown:
        raise SceneError(f"'lesson': unknown field {unknown[0]!r}; expected {sorted(_KEYS)}")
    for key in _REQUIRED:
        if key not in obj:
            raise SceneError(f"'lesson' needs {key!r}")
    texts = {k: _text(obj[k], f"'lesson.{k}'") for k in TEXT_FIELDS if k in obj}
    return Lesson(scene=scene, check=parse_check(obj["check"], scene, "'lesson.check'"), **texts)


def lesson_from_dict(data) -> Lesson:
    """A parsed JSON document that is a scene with a ``"lesson"`` (format version 2)."""
    scene = scene_format.scene_from_dict(data)  # validates the lesson part too
    if "lesson" not in data:
        raise SceneError("this scene is not a lesson (it has no 'lesson' object)")
    return parse_lesson(data["lesson"], scene)


def load_lesson(path: str | os.PathLike) -> Lesson:
    """Read and validate a lesson file, with the bounds and refusals of
    :func:`~.scene_format.load_scene`; every message starts with the file's name."""
    return scene_format.load_document(path, lesson_from_dict)


def lesson_files(folder: str | os.PathLike) -> list[Path]:
    """The scene files of ``folder`` sorted by name (``01-….cvscene.json`` first)."""
    return sorted(p for p in Path(folder).glob("*.json") if p.is_file())


def builtin_lessons_folder() -> Path:
    """The folder of the lessons that ship with the app (package data)."""
    return Path(__file__).resolve().parent.parent / "lessons"


def builtin_lessons() -> list[Path]:
    """The shipped lesson files, in teaching order."""
    return lesson_files(builtin_lessons_folder())
