"""Running ``grade_one`` over a class: in this process, in N local processes, or on an existing
Dask cluster (dask.distributed) — the same function and the same texts, results in class order.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from symbolic.errors import NNDeriveError

from .grading import StudentGrade, StudentTask, grade_one

#: seconds to wait for a Dask scheduler to answer
DASK_CONNECT_TIMEOUT = 30


def run_local(tasks: list[StudentTask], jobs: int, done: Callable[[StudentGrade], None]) -> list:
    """Grade every task with ``jobs`` processes (1: in this process)."""
    if jobs <= 1 or len(tasks) <= 1:
        grades = []
        for task in tasks:
            grades.append(grade_one(task))
            done(grades[-1])
        return grades
    chunk = max(1, min(8, len(tasks) // (4 * jobs)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        grades = []
        for grade in pool.map(grade_one, tasks, chunksize=chunk):
            grades.append(grade)
            done(grade)
        return grades


def run_dask(tasks: list[StudentTask], address: str, done: Callable[[StudentGrade], None]) -> list:
    """Grade every task on the Dask cluster whose scheduler listens at ``address``."""
    try:
        from distributed import Client
    except ImportError:
        raise NNDeriveError(
            "--dask needs dask.distributed; install it with: pip install 'nnderive[classroom]'"
        ) from None
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise NNDeriveError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
    try:
        futures = client.map(grade_one, tasks, pure=False)
        grades = client.gather(futures)
    finally:
        client.close()
    for grade in grades:
        done(grade)
    return grades
