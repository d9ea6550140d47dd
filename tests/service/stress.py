"""Threads doing the daily work at once: used by the concurrency test and its benchmark."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.models import Response
from engine.service import assessments, decisions
from engine.service.errors import ConflictError, ServiceError, StorageError
from tests.service.conftest import World

SHARED_REQUIREMENT = "SG-02"


@dataclass
class Outcome:
    saves: int = 0
    conflicts: int = 0
    submissions: int = 0
    decisions: int = 0
    initial_version: int = 0
    final_version: int = 0
    last_saved_comment: str | None = None
    final_comment: str | None = None
    best_version: int = 0
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _editor(world: World, draft_id: str, name: str, out: Outcome) -> Callable[[int], None]:
    """Edit the shared draft with optimistic locking; remember every successful save."""

    def step(k: int) -> None:
        current = assessments.get_assessment(world.alpha_member, world.db, draft_id)
        comment = f"{name}-{k}"
        answer = {SHARED_REQUIREMENT: Response(rating=k % 4, comment=comment)}
        try:
            saved = assessments.save_responses(
                world.alpha_member, world.db, draft_id, answer, current.row_version
            )
        except ConflictError:
            with out.lock:
                out.conflicts += 1
            return
        with out.lock:
            out.saves += 1
            if saved.row_version > out.best_version:
                out.best_version, out.last_saved_comment = saved.row_version, comment

    return step


def _submitter(world: World, out: Outcome) -> Callable[[int], None]:
    def step(k: int) -> None:
        world.submitted(rating=3)
        with out.lock:
            out.submissions += 1

    return step


def _reviewer_and_decider(world: World, out: Outcome) -> Callable[[int], None]:
    def step(k: int) -> None:
        assessment_id = world.in_review(rating=3)
        world.verdict(assessment_id, "SG-01")
        version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
        decisions.decide(world.decider, world.db, assessment_id, version)
        with out.lock:
            out.decisions += 1

    return step


def _loop(step: Callable[[int], None], until: float, out: Outcome) -> None:
    k = 0
    while time.monotonic() < until:
        k += 1
        try:
            step(k)
        except (ServiceError, StorageError) as error:  # typed, but not expected here
            if not isinstance(error, ConflictError):
                with out.lock:
                    out.unexpected.append(f"{type(error).__name__}: {error}")
        except Exception as error:
            with out.lock:
                out.unexpected.append(f"{type(error).__name__}: {error}")


def run_stress(world: World, threads: int = 16, seconds: float = 30.0) -> Outcome:
    out = Outcome()
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    out.initial_version = out.best_version = draft.row_version
    workers: list[Callable[[int], None]] = []
    for index in range(threads):
        kind = index % 4
        if kind in (0, 1):
            workers.append(_editor(world, draft.id, f"t{index}", out))
        elif kind == 2:
            workers.append(_submitter(world, out))
        else:
            workers.append(_reviewer_and_decider(world, out))
    until = time.monotonic() + seconds
    pool = [threading.Thread(target=_loop, args=(w, until, out)) for w in workers]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    final = assessments.get_assessment(world.alpha_member, world.db, draft.id)
    out.final_version = final.row_version
    shared = final.responses.get(SHARED_REQUIREMENT)
    out.final_comment = shared.comment if shared else None
    return out
