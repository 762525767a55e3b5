"""Two runs of ``bench --readers-only`` side by side, with the ratio of each request's p50
(second / first): before and after a change, or 100,000 and 1,000,000 events.

    python benchmarks/compare.py bench/readers-100k.json bench/readers-1m.json \\
        --labels "100,000" "1,000,000" > table.md
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def table(first: dict[str, Any], second: dict[str, Any], labels: tuple[str, str]) -> str:
    a, b = first["readers"], second["readers"]
    lines = [
        f"| summary | {labels[0]} | {labels[1]} | ratio |",
        "|---|---|---|---|",
    ]
    rows = [(k, v, b["summary"].get(k)) for k, v in a["summary"].items()]
    rows.append(
        ("one event written, p50", first["write_ms"]["p50_ms"], second["write_ms"]["p50_ms"])
    )
    for name, x, y in rows:
        lines.append(f"| {name} | {x} | {y} | {_ratio(x, y)} |")
    lines += [
        "",
        f"| request | {labels[0]} p50 ms | {labels[1]} p50 ms | ratio | queries |",
        "|---|---|---|---|---|",
    ]
    for name, row in a["requests"].items():
        other = b["requests"].get(name)
        if other is None:
            continue
        ratio = _ratio(row["p50_ms"], other["p50_ms"])
        lines.append(
            f"| {name} | {row['p50_ms']} | {other['p50_ms']} | {ratio} | {other['queries']} |"
        )
    return "\n".join(lines) + "\n"


def _ratio(x: float | None, y: float | None) -> str:
    return f"{y / x:.2f}×" if x and y is not None else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--labels", nargs=2, default=("first", "second"))
    args = parser.parse_args()
    first, second = (json.loads(p.read_text()) for p in (args.first, args.second))
    print(table(first, second, tuple(args.labels)), end="")


if __name__ == "__main__":
    main()
