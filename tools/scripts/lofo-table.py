#!/usr/bin/env python3
"""Turns the reports of leave-one-family-out.sh (DATA/lofo/without-FAMILY.txt) into a Markdown table."""
import re
import sys
from pathlib import Path

lofo = Path(sys.argv[1] if len(sys.argv) > 1 else "data/lofo")
rows = []
for family in ["band", "piano", "acoustic", "electronic", "midi"]:
    f = lofo / f"without-{family}.txt"
    if not f.exists():
        continue
    text = f.read_text()
    if "model card ->" not in text:
        continue
    block = text[re.search(r"\(validation only\): \d+ tracks, [\d.]+ min, decimation", text).start():]
    a = block[block.index("\nanticipator "):]
    n = re.search(r"(\d+) tracks, ([\d.]+) min", block)
    acc = re.search(r"section acc ([\d.]+)", a).group(1)
    f3 = re.search(r"F@3s ([\d.]+)", a).group(1)
    brier = re.search(r"@4  Brier ([\d.]+) AUC ([\d.]+)", a)
    ant = re.search(r"hazard@4>0.5 before ([\d.]+)%.*false alarms ([\d.]+)%", a)
    ch = re.search(r"chorus P ([\dNa.]+) R ([\dNa.]+); .* on (\d+) of (\d+) songs", a)
    nov = block[block.index("\nnovelty "):]
    nacc = re.search(r"section acc ([\d.]+)", nov).group(1)
    rows.append(f"| {family} | {n.group(1)} songs, {n.group(2)} min | {acc} ({nacc}) | {f3} | {brier.group(1)} / {brier.group(2)} "
                f"| {ch.group(3)} of {ch.group(4)} | {ch.group(1)} / {ch.group(2)} | {ant.group(1)} % / {ant.group(2)} % |")
print("Leave one family out: trained without the family's training songs, scored on its validation songs (artists never")
print("trained on, rendered with csound's sf_GMbank, never trained on), through the runtime provider at decimation 2")
print("(`tools/scripts/leave-one-family-out.sh`; novelty baseline in brackets).")
print()
print("| family left out | validation songs | section acc (novelty) | boundary F ±3 s | hazard@4 Brier / AUC | songs with hazard@4 Brier below own base rate | chorus P / R | hazard@4 > 0.5 before boundaries / false alarms |")
print("|---|---|---|---|---|---|---|---|")
print("\n".join(rows))
