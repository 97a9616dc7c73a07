"""Benchmark: extract a ~1 MB article (the issue's budget: under a second).

    python tests/benchmarks/bench_extract.py [MORE_ARTICLES...]

The article is built from the fixture articles (and any article files given, such as the seed
articles) repeated to ~1 MB, each copy's question lines numbered so its cards are new ones. Every
run starts with every cache of the extraction empty. Prints the best and median seconds; exits 1 over budget.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from pmcards.extraction import extract_report

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
SIZE = 1_000_000
RUNS = 5
BUDGET_SECONDS = 1.0


def build_article(sources: list[Path]) -> str:
    """About `SIZE` bytes of articles, copy after copy, with each copy's question lines made unique."""
    articles = [path.read_text(encoding="utf-8") for path in sources]
    parts: list[str] = []
    size = 0
    while size < SIZE:
        copy = len(parts)
        part = re.sub(r"\?$", f" (part {copy})?", articles[copy % len(articles)], flags=re.MULTILINE)
        parts.append(part)
        size += len(part.encode("utf-8")) + 2
    return "\n\n".join(parts)


def _caches() -> list[Any]:
    """Every cached function of the extraction modules (the text helpers and any other): a run starts cold."""
    modules = [module for name, module in sys.modules.items() if name.startswith("pmcards.extraction")]
    return [value for module in modules for value in vars(module).values() if hasattr(value, "cache_clear")]


def run_once(article: str) -> tuple[float, int]:
    for cached in _caches():
        cached.cache_clear()
    start = time.perf_counter()
    result = extract_report(article, "benchmark")
    return time.perf_counter() - start, len(result.deck.cards)


def main(argv: list[str]) -> int:
    sources = sorted(FIXTURES.iterdir()) + [Path(arg) for arg in argv]
    article = build_article(sources)
    timings = [run_once(article) for _ in range(RUNS)]
    seconds = [elapsed for elapsed, _ in timings]
    print(
        f"extract: {len(article.encode('utf-8')) / 1e6:.2f} MB from {len(sources)} articles, "
        f"{timings[0][1]} cards; best {min(seconds):.3f} s, median {statistics.median(seconds):.3f} s "
        f"(budget {BUDGET_SECONDS:.1f} s)"
    )
    return 0 if statistics.median(seconds) < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
