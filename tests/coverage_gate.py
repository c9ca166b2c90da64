"""The refusal gate: every refusal in a service or rules module is executed by some test.

Run after the suite measured with coverage (`make test` does both on PostgreSQL, the database
where the race tests run: some refusals only happen between parallel clients):

    pytest --cov --cov-report= && python tests/coverage_gate.py

A refusal is a `raise` of an exception (not a bare re-raise) in `src/yingcai/*/services.py`
or `src/yingcai/*/rules.py` (or a module of an app's `services/` or `rules/` package), and in
a rules module also a `return False`. Lists each one no test reached as file:line with its
source line, and exits 1; exits 2 when the data is missing.

UNREACHED lists the refusals known to be reached by no test, each with its reason, by file,
function, first line of the statement and which of the function's statements with that line
it is (not line numbers, which move). The list only shrinks: the gate fails when one of them is
reached after all (take it off), or is gone from the source.
"""

import ast
import sys
from collections import Counter
from pathlib import Path

import coverage
from coverage.exceptions import NoDataError

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = (
    "src/yingcai/*/services.py",
    "src/yingcai/*/services/*.py",
    "src/yingcai/*/rules.py",
    "src/yingcai/*/rules/*.py",
)
# (file, function, first line of the statement, its rank among the function's statements with
# that first line): why no test reaches it.
UNREACHED = {
    (
        "src/yingcai/jobs/services.py",
        "book_interview",
        'raise ValidationError(_("You have already chosen an interview time.")) from None',
        1,
    ): "the application's row lock serialises one applicant's bookings, and the check before "
    "the insert sees the first; the constraint behind it is tested in jobs/test_races.py",
    (
        "src/yingcai/organisations/services.py",
        "invite_member",
        "raise ValidationError(",
        2,  # after the IntegrityError; the first is the check before the insert
    ): "_lock_members serialises the invitations of one organisation, and the check before "
    "the insert sees an open one; the unique index behind it is the last guard",
    (
        "src/yingcai/portal/services.py",
        "submit_report",
        'raise ValidationError(_("Please try again."))',
        1,
    ): "five clashes of random tracking numbers in a row (pragma: no cover)",
    (
        "src/yingcai/calls/services/results.py",
        "lodge_appeal",
        'raise ValidationError(_("Your team has already appealed against this result."))'
        " from error",
        1,
    ): "lodge_appeal is the only writer of appeals and takes the stage FOR NO KEY UPDATE (which "
    "conflicts with itself) and the decision FOR UPDATE first, so appeals of one stage are "
    "serialised and the check before the insert sees the earlier one; the calls_appeal_once "
    "index behind it is the last guard (tests/calls/test_decisions_races.py: twenty appeals "
    "of one team make one, the others refused by the check)",
    # Issue 14, the online review and the live panels (gate-review):
    (
        "src/yingcai/calls/services/reviewers.py",
        "add_reviewer",
        "raise ValidationError(",
        3,  # after the IntegrityError; the second is the check before the save
    ): "_lock_call serialises the pool's changes of one call, so the check before the save "
    "sees a reviewer added meanwhile; the unique constraint behind it is the last guard",
    (
        "src/yingcai/calls/services/reviewers.py",
        "declare_conflict",
        'raise ValidationError(_("You have already declared a conflict with this entry.")) '
        "from None",
        1,
    ): "_lock_reviewer serialises the reviewer's own declarations and change_reviewer; the one "
    "writer of conflicts without that lock, assign's find_conflicts, deadlocks with the "
    "declaration instead (its deferred foreign-key check wants the reviewer row the declaration "
    "holds FOR UPDATE, while the declaration waits on its index entry): PostgreSQL aborts one",
    (
        "src/yingcai/calls/services/assignment.py",
        "add_assignment",
        "raise ValidationError(duplicate) from None",
        1,
    ): "the stage's row lock serialises add_assignment, assign and open_scoring (every writer of "
    "a stage's assignments), so the check before the insert sees the first",
    (
        "src/yingcai/calls/services/reviews.py",
        "submit_review",
        'raise ValidationError(_("This entry was scored meanwhile. Reload the page.")) from None',
        1,
    ): "both writers of a review (submit_review, submit_live_score) lock the assignment row "
    "first, so the review read after the lock sees the first; tested in test_reviews_races.py",
    (
        "src/yingcai/calls/services/live.py",
        "_hold_stage",
        'raise ValidationError(_("This panel no longer exists."))',
        1,
    ): "called with the assignment's row locked: deleting the stage deletes its assignments "
    "first (Django's collector), which waits for that lock, and the assignment's read then "
    'fails first ("no longer on your panel")',
    (
        "src/yingcai/calls/services/live.py",
        "submit_live_score",
        "raise ValidationError(",
        1,
    ): "both writers of a review (submit_live_score, submit_review) lock the assignment row "
    "first, so the review read after the lock sees the first; tested in test_live_races.py",
}


def refusals(path: Path) -> dict[int, str]:
    """The refusal statements of a module: first line -> the function they are in."""
    tree = ast.parse(path.read_text(), filename=str(path))
    rules = path.name == "rules.py" or path.parent.name == "rules"
    functions = {}
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                # The innermost function wins: walked after its enclosing one.
                functions[id(node)] = function.name

    def refuses(node) -> bool:
        if isinstance(node, ast.Raise):
            return node.exc is not None
        return (
            rules
            and isinstance(node, ast.Return)
            and isinstance(node.value, ast.Constant)
            and node.value.value is False
        )

    return {
        node.lineno: functions.get(id(node), "")
        for node in sorted(ast.walk(tree), key=lambda n: getattr(n, "lineno", 0))
        if refuses(node)
    }


def main() -> int:
    modules = sorted(path for pattern in PATTERNS for path in ROOT.glob(pattern))
    measured = coverage.Coverage(config_file=str(ROOT / "pyproject.toml"))
    try:
        measured.load()
    except NoDataError:
        print("coverage gate: no coverage data; run the suite with --cov first", file=sys.stderr)
        return 2
    data = measured.get_data()
    unmeasured = [path for path in modules if data.lines(str(path)) is None]
    if len(unmeasured) == len(modules):
        print(
            "coverage gate: the data measured none of "
            + ", ".join(PATTERNS)
            + " of this checkout (was the suite run here, with --cov?)",
            file=sys.stderr,
        )
        return 2
    missed, total, known = [], 0, set()
    for path in modules:
        lines = refusals(path)
        total += len(lines)
        relative = str(path.relative_to(ROOT))
        if path in unmeasured:
            # Imported by no test at all: every refusal in it is missed.
            missing = set(lines)
        else:
            _file, _statements, excluded, missing, _text = measured.analysis2(str(path))
            # A refusal hidden by "pragma: no cover" is still a refusal nobody tried.
            missing = set(missing) | set(excluded)
        source = path.read_text().splitlines()
        seen = Counter()
        for line, function in lines.items():
            statement = source[line - 1].strip()
            seen[function, statement] += 1
            key = (relative, function, statement, seen[function, statement])
            if key in UNREACHED:
                known.add(key)
                if line not in missing:
                    missed.append(f"{relative}:{line}: reached now: take it off UNREACHED")
            elif line in missing:
                missed.append(f"{relative}:{line}: {statement}")
    missed += [
        f"{key[0]}: {key[1]}: no longer in the source: {key[2]}" for key in UNREACHED.keys() - known
    ]
    if missed:
        print(f"coverage gate: {len(missed)} of {total} refusals are executed by no test:")
        print("\n".join(missed))
        return 1
    print(
        f"coverage gate: the {total - len(known)} refusals of {len(modules)} modules are "
        f"executed by tests ({len(known)} unreachable, each with its reason in the gate)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
