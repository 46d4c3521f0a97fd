#!/usr/bin/env bash
# The generalization protocol of the structure anticipator: for each arranger family, train without that family's
# training songs and score the model on that family's validation songs (held-out artists, a SoundFont never trained
# on). Prints one block per family; the models go to DATA_DIR/lofo/. Usage:
#   tools/scripts/leave-one-family-out.sh [DATA_DIR] [FAMILY...]   (after anticipator-data.sh; default: all five)
# With LOFO_SELECT=1 the models are scored instead on the left-out family's training-side songs that no other family
# renders (its train2 and train3 batches, each song rendered once): a family and songs the model never heard, and no
# validation artist, so a design can be chosen on it. The MIDI family has no such batch and is skipped there.
# ANTICIPATOR_RECIPE overrides the recipe, ANTICIPATOR_EXTRA adds options (e.g. --channel-dropout 0.2).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tools="$root/bin/fractalsync-tools"
data=${1:-data}
shift || true
families=("$@")
[ ${#families[@]} -gt 0 ] || families=(band piano acoustic electronic midi)
# the shipped model's recipe (the train-anticipator line of its MODEL_CARD.md)
recipe=${ANTICIPATOR_RECIPE:-"--decimation 2 --epochs 6 --hidden 64 --dropout 0.3 --stride 16 --lr 0.001 --seed 1"}
extra=${ANTICIPATOR_EXTRA:-}
select=${LOFO_SELECT:-0}
mkdir -p "$data/lofo"
for left in "${families[@]}"; do
  if [ "$select" = 1 ] && [ ! -d "$data/ds/train2-$left" ]; then
    echo "== $left: no songs of its own outside validation (no $data/ds/train2-$left), skipped"
    continue
  fi
  args=()
  for f in band piano acoustic electronic midi; do
    [ "$f" = "$left" ] && continue
    args+=(--data "$data/ds/train-$f")
    [ -d "$data/ds/train2-$f" ] && args+=(--data "$data/ds/train2-$f")
  done
  scored=(--validate "$data/ds/val-$left")
  what="$left's validation songs"
  if [ "$select" = 1 ]; then
    scored=(--validate "$data/ds/train2-$left")
    [ -d "$data/ds/train3-$left" ] && scored+=(--validate "$data/ds/train3-$left")
    what="$left's own training-side songs"
  fi
  # shellcheck disable=SC2086 # the recipe is a list of options
  "$tools" train-anticipator -q "${args[@]}" "${scored[@]}" $recipe $extra \
    --out "$data/lofo/without-$left.onnx" > "$data/lofo/without-$left.txt"
  echo "== without $left: scored on $what"
  sed -n '/(validation only)/,$p' "$data/lofo/without-$left.txt" | grep -v '^model card'
done
