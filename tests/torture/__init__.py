"""The torture suite: pmcards killed mid-write, several processes at once, random use of the
whole API, and fuzzed input.

    python -m tests.torture            # every scenario at full length
    python -m tests.torture --short    # the same, shorter (under 5 minutes; CI runs this)

Each scenario counts its tries, failures, lost answers, corrupt databases and tracebacks, and
the runner prints them as a table and exits 1 if any is not zero. The databases come from
`common.fresh_database`, the one place to add another backend. A smaller state machine and
fuzzers run in the default `pytest` suite too (`tests/test_torture.py`).
"""
