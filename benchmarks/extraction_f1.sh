#!/bin/sh
# Main-text extraction F1/P/R on the ScrapingHub benchmark (181 news pages in ../shared/bench-data/),
# scored by the shared harness through `reader analyze FILE --json`. Extra arguments go to the harness:
#   benchmarks/extraction_f1.sh -v --save /tmp/f1.json      every page, texts saved
#   benchmarks/extraction_f1.sh --page 042bb7b5              one page
#   benchmarks/extraction_f1.sh --add-reactions              embedded posts' text counted as body text
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
SHARED="${SHARED:-../shared}"
exec "$PYTHON" "$SHARED/bench/extraction_f1.py" --data "$SHARED/bench-data/article-extraction" \
    --jobs "${JOBS:-2}" --cmd "$PYTHON -m reader analyze {file} --json" "$@"
