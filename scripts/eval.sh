#!/usr/bin/env bash
# Score the extractor on the open evaluation sets in ../shared/eval (never the sealed ones).
# Usage: scripts/eval.sh [OUTDIR]     (predictions are kept in OUTDIR, default ./.cache/eval)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${TACITUS_SHARED:-../shared}
out=${1:-.cache/eval}
mkdir -p "$out"
tac=${TACITUS:-.venv/bin/tacitus}
[[ -d $shared/eval ]] || { echo "no evaluation sets at $shared/eval (set TACITUS_SHARED)"; exit 1; }

echo "== seed report (score.py)"
$tac extract --format jsonl "$shared"/corpus/seed/*.txt > "$out/seed.jsonl"
python3 "$shared/eval/score.py" --gold "$shared/eval/seed.gold.jsonl" --pred "$out/seed.jsonl" --verbose

echo; echo "== CASE 2021 dev (score_types.py)"
$tac extract --format jsonl "$shared/eval/case2021/dev.docs.jsonl" > "$out/case.jsonl"
python3 "$shared/eval/score_types.py" --gold "$shared/eval/case2021/dev.gold.jsonl" --pred "$out/case.jsonl" --confusion

echo; echo "== UCDP place descriptions dev (score_geocode.py)"
$tac geocode --format jsonl "$shared/eval/geocode/ucdp.dev.input.jsonl" > "$out/geo.jsonl"
python3 "$shared/eval/score_geocode.py" --gold "$shared/eval/geocode/ucdp.dev.gold.jsonl" --pred "$out/geo.jsonl"
