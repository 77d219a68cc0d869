#!/usr/bin/env bash
# Issue 10: the agent leg's noise suppression measured on known noisy speech
# (bench/RESULTS.md, "Issue 10: noise suppression on the agent leg").
#
#   bench/voice/denoise_measure.sh            # BUILD=build-release by default
#
# Synthesizes a few English sentences with espeak-ng (en-us, 22050 Hz) into
# bench/out/denoise_speech.wav, then runs voice_denoise_measure on it (the
# program resamples to 8000 Hz and adds the noises) and on the speech-like
# test signal of denoise_test.cc, printing the machine first.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-release}
OUT=$ROOT/bench/out
mkdir -p "$OUT"
WAV=$OUT/denoise_speech.wav
TEXT="The birch canoe slid on the smooth planks. Glue the sheet to the dark blue background. \
It is easy to tell the depth of a well. Thank you for calling, how can I help you today? \
Your order number is four seven two, and it will ship on Monday."
espeak-ng -v en-us -w "$WAV" "$TEXT"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(uptime | sed 's/.*load/load/')"
echo "espeak-ng: $(espeak-ng --version | head -1)"
echo
"$BUILD/bench/voice_denoise_measure" --speech "$WAV"
echo
"$BUILD/bench/voice_denoise_measure"
