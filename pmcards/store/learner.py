"""Learners: whose collection a database holds (a schema of a PostgreSQL database, a file beside
an SQLite one), and what can name one."""

from __future__ import annotations

import re

from sqlalchemy.engine import URL

from pmcards.errors import StoreError

_LEARNER = re.compile(r"[a-z][a-z0-9_]{0,62}")


def valid_learner(name: str) -> str:
    """`name` if it can name a learner (a PostgreSQL schema, a part of a file name); `StoreError` if not."""
    if not _LEARNER.fullmatch(name) or name.startswith("pg_"):
        raise StoreError(
            f"invalid learner name {name!r}: use lowercase letters, digits and _, starting with a letter "
            "(at most 63, not starting with pg_)"
        )
    return name


def learner_in_url(url: URL, learner: str | None) -> tuple[URL, str | None]:
    """The URL without its `?learner=NAME`, and the learner: `learner` if given (a different one in
    the URL is a `StoreError`), else the URL's, else None."""
    named = url.query.get("learner")
    if named is None:
        return url, learner
    named = valid_learner(named if isinstance(named, str) else named[-1])
    if learner is not None and learner != named:
        raise StoreError(f"two learners given: {learner!r}, and {named!r} in the URL")
    return url.difference_update_query(["learner"]), named
