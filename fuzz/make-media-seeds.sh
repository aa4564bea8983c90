#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Usage: make-media-seeds.sh FFMPEG DIR
# The seed corpus of fuzz-media: tiny clips (64x48, a cut in the middle)
# in the containers and codecs scened sees most, made with the ffmpeg CLI.
set -eu
ffmpeg=$1
dir=$2
mkdir -p "$dir"
src="testsrc2=s=64x48:r=10:d=0.6[a];smptebars=s=64x48:r=10:d=0.6[b];[a][b]concat=n=2:v=1:a=0,format=yuv420p"
make() {
  "$ffmpeg" -hide_banner -nostdin -loglevel error -y -filter_complex "$src" "$@"
}
make -c:v mpeg4 -g 5 "$dir/cut-mpeg4.mp4"
make -c:v mpeg2video -g 5 -f mpegts "$dir/cut-mpeg2.ts"
make -c:v mjpeg "$dir/cut-mjpeg.mkv"
make -c:v mpeg4 -g 5 "$dir/cut-mpeg4.avi"
if "$ffmpeg" -hide_banner -encoders 2>/dev/null | grep -q ' libx264 '; then
  make -c:v libx264 -preset ultrafast -g 5 "$dir/cut-h264.mkv"
  make -c:v libx264 -preset ultrafast -tune zerolatency -g 5 -f mpegts "$dir/cut-h264.ts"
  make -c:v libx264 -preset ultrafast -g 5 -bsf:v h264_mp4toannexb -f h264 "$dir/cut.h264"
fi
