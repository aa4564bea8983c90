/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The smallest program that loads what the service loads: every libav
 * library scened links, each called once so that --as-needed keeps it.
 * tools/valgrind-check runs it under valgrind before the valgrind runs of
 * tools/test, to learn whether valgrind can run libav on this CPU at all
 * (some builds run instructions valgrind cannot decode while they load).
 */
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

int
main (void)
{
  unsigned sum = avcodec_version () ^ avformat_version () ^ avutil_version ()
                 ^ swresample_version () ^ swscale_version ();

  return sum == 0;
}
