#!/usr/bin/env bash
# The generalization protocol of the structure anticipator: for each arranger family, train without that family's
# training songs and score the model on that family's validation songs (held-out artists, a SoundFont never trained
# on). Prints one block per family; the models go to DATA_DIR/lofo/. Usage:
#   tools/scripts/leave-one-family-out.sh [DATA_DIR] [FAMILY...]   (after anticipator-data.sh; default: all five)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tools="$root/bin/fractalsync-tools"
data=${1:-data}
shift || true
families=("$@")
[ ${#families[@]} -gt 0 ] || families=(band piano acoustic electronic midi)
# the shipped model's recipe (the train-anticipator line of its MODEL_CARD.md); ANTICIPATOR_RECIPE overrides it
recipe=${ANTICIPATOR_RECIPE:-"--decimation 2 --epochs 6 --hidden 64 --dropout 0.3 --stride 16 --lr 0.001 --seed 1"}
mkdir -p "$data/lofo"
for left in "${families[@]}"; do
  args=()
  for f in band piano acoustic electronic midi; do
    [ "$f" = "$left" ] && continue
    args+=(--data "$data/ds/train-$f")
    [ -d "$data/ds/train2-$f" ] && args+=(--data "$data/ds/train2-$f")
  done
  # shellcheck disable=SC2086 # the recipe is a list of options
  "$tools" train-anticipator -q "${args[@]}" --validate "$data/ds/val-$left" $recipe \
    --out "$data/lofo/without-$left.onnx" > "$data/lofo/without-$left.txt"
  echo "== without $left: scored on $left's validation songs"
  sed -n '/(validation only)/,$p' "$data/lofo/without-$left.txt" | grep -v '^model card'
done
