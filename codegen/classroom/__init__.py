"""The class kit: a different exercise for every student, answer keys, and grading a class.

from codegen.classroom import ExerciseOptions, make_exercises, grade_class, read_policy
make_exercises("slides", "roster.csv", "class", ExerciseOptions(lang="en", seed=7), "notebook")
grades, strays = grade_class("class", "submissions", "results", read_policy(None), jobs=2)

``nnderive exercises`` and ``nnderive grade`` are thin layers over these two calls; see
docs/classroom.md. The exercise itself (tasks, ranges) is the spec's ``exercise:`` field,
read by symbolic/exercise.py.
"""

from .classgrade import grade_class
from .exercises import ExerciseOptions, make_exercises
from .grading import StudentGrade, StudentTask, grade_one
from .marking import MarkingPolicy, read_policy

__all__ = [
    "ExerciseOptions",
    "MarkingPolicy",
    "StudentGrade",
    "StudentTask",
    "grade_class",
    "grade_one",
    "make_exercises",
    "read_policy",
]
