#!/usr/bin/env bash
# Renders the anticipator's training and validation corpora and builds their datasets (BeatNet features streamed
# hop by hop, as at runtime). Usage: tools/scripts/anticipator-data.sh BILLBOARD_DIR [DATA_DIR]
#   BILLBOARD_DIR: the McGill-Billboard folder of corpusmusic/billboardcorpus (MIT), e.g. from
#                  git clone https://github.com/corpusmusic/billboardcorpus
#   DATA_DIR:      where corpora and datasets go (default: data)
# Training renders use TimGM6mb and MuseScore_General; validation renders use csound's sf_GMbank only, and only
# songs of the 20 % of artists on the validation side. The FluidR3 SoundFonts are never used (reserved).
# About 110 min on 2 cores. Needs: fluidsynth sox libsox-fmt-mp3 ffmpeg timgm6mb-soundfont
# musescore-general-soundfont-lossless csound-soundfont.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tools="$root/bin/fractalsync-tools"
bb=${1:?usage: anticipator-data.sh BILLBOARD_DIR [DATA_DIR]}
data=${2:-data}
sf=/usr/share/sounds/sf2
train_sf="$sf/TimGM6mb.sf2,$sf/MuseScore_General_Full.sf2"
"$tools" billboard-corpus -q --transcriptions "$bb" --split train --songs 200 --renders-per-song 2 --seed 1 \
  --soundfonts "$train_sf" --out "$data/bb-train" --threads 2
# every other train-side song once, in one family each (seed 2), without re-rendering the 200 above
"$tools" billboard-corpus -q --transcriptions "$bb" --split train --songs 1000 --renders-per-song 1 --seed 2 \
  --exclude "$data/bb-train/corpus.json" --soundfonts "$train_sf" --out "$data/bb-train2" --threads 2
"$tools" billboard-corpus -q --transcriptions "$bb" --split validation --songs 20 --renders-per-song 4 --seed 5001 \
  --augmentation 1 --soundfonts "$sf/sf_GMbank.sf2" --out "$data/bb-val" --threads 2
"$tools" midi-corpus -q --songs 60 --seed 1 --augmentation 1 --soundfonts "$train_sf" --out "$data/midi-train"
"$tools" midi-corpus -q --songs 20 --seed 5001 --augmentation 1 --soundfonts "$sf/sf_GMbank.sf2" --out "$data/midi-val"
for family in band piano acoustic electronic; do
  "$tools" dataset -q --audio "$data/bb-train/$family" --labels "$data/bb-train/$family" --out "$data/ds/train-$family" --threads 2
  "$tools" dataset -q --audio "$data/bb-train2/$family" --labels "$data/bb-train2/$family" --out "$data/ds/train2-$family" --threads 2
  "$tools" dataset -q --audio "$data/bb-val/$family" --labels "$data/bb-val/$family" --out "$data/ds/val-$family" --threads 2
done
"$tools" dataset -q --audio "$data/midi-train" --labels "$data/midi-train" --out "$data/ds/train-midi" --threads 2
"$tools" dataset -q --audio "$data/midi-val" --labels "$data/midi-val" --out "$data/ds/val-midi" --threads 2
"$tools" dataset -q --synthetic 40 --seed 1 --synthetic-beats provider --beat beatnet --out "$data/ds/synth40"
