#!/usr/bin/env python3
"""Puts the outside-splits table (written by tests/outside_splits.rs) and, when given, the table
with the trained intent model (crates/ml/tests/outside_splits_with_model.rs) into
docs/benchmarks.md as the section "Ask AI on requests the team did not write", replacing that
section only. The date is HOMEAI_BENCH_DATE (the just recipe stamps it)."""
import os, sys

table_path, doc_path = sys.argv[1], sys.argv[2]
model_path = sys.argv[3] if len(sys.argv) > 3 else None
table = open(table_path, encoding="utf-8").read().strip()
head = "## Ask AI on requests the team did not write"
now = os.environ.get("HOMEAI_BENCH_DATE", "(date not given)")
section = (
    f"{head}\n\nMeasured {now} by `just bench-askai-outside` (`crates/askai/tests/outside_splits.rs`): "
    "the rules engine on `crates/askai/tests/data/outside/` (requests from HomeIQ, "
    "home-assistant-datasets, community forums and blogs, IFTTT, a public HA config, Google Home and "
    "HA docs examples, mapped onto shared/data/askai/home.json; sources and licences in its README), scored by "
    "shared/data/askai/score.py. *Confidently wrong* = an automation given without a question that "
    "does not match; *question rate* = answers that are a clarification; *right when answered* = the "
    "calibration figure: of the automations given without a question, the share that is right (goal: "
    "at least 0.99 on every set). The first row is the team's own development set "
    "(shared/data/askai/dev.jsonl), for comparison. `test.jsonl` and "
    "`test-2.jsonl` are frozen (2026-12-07) and never tuned against; `dev.jsonl` may be.\n\n" + table + "\n"
)
if model_path:
    model = open(model_path, encoding="utf-8").read().strip()
    section += (
        "\nWith the trained intent model (`crates/ml/tests/outside_splits_with_model.rs`: trained "
        "here on synthetic requests for made-up homes, never on these splits; the engine asks it only "
        "for what the rules could not read, and refuses rewordings that overrule the words). The test "
        "fails if the model lowers any split's exact figure or adds a confidently wrong answer.\n\n"
        + model + "\n"
    )
doc = open(doc_path, encoding="utf-8").read()
start = doc.find(head)
if start < 0:
    doc = doc.rstrip("\n") + "\n\n" + section
else:
    end = doc.find("\n## ", start + len(head))
    doc = doc[:start] + section + ("" if end < 0 else doc[end:])
open(doc_path, "w", encoding="utf-8").write(doc)
