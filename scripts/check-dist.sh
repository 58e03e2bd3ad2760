#!/usr/bin/env bash
# Rebuilds the bundle into a temporary folder and fails when the committed dist/ differs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx ncc build src/index.ts -o "$out" --license licenses.txt >/dev/null
# The CDK's resource specification, which the review diff reads (see src/review/diff-stack.ts).
cp node_modules/@aws-cdk/aws-service-spec/db.json.gz "$out/"
if ! diff -r "$out" dist >/dev/null; then
  diff -r "$out" dist | head -20 || true
  echo "dist/ is stale: run 'npm run build' and commit dist/." >&2
  exit 1
fi
echo "dist/ matches src/"
