/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Ownership of the libav types scened holds, so that g_autoptr frees every
 * AVFrame, AVPacket and context on every path.
 */
#pragma once

#include <glib.h>
#include "scd-error.h"
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

static inline void
scd_av_frame_free (AVFrame *frame)
{
  av_frame_free (&frame);
}

static inline void
scd_av_packet_free (AVPacket *packet)
{
  av_packet_free (&packet);
}

static inline void
scd_av_codec_context_free (AVCodecContext *ctx)
{
  avcodec_free_context (&ctx);
}

static inline void
scd_av_format_context_close (AVFormatContext *ctx)
{
  avformat_close_input (&ctx);
}

static inline void
scd_swr_context_free (SwrContext *ctx)
{
  swr_free (&ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AVFrame, scd_av_frame_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AVPacket, scd_av_packet_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AVCodecContext, scd_av_codec_context_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AVFormatContext, scd_av_format_context_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwrContext, scd_swr_context_free)

/* Sets @error to "@what: libav's text for @averr" in the SCD_ERROR domain. */
static inline void
scd_set_av_error (GError **error, int code, int averr, const char *what)
{
  char buf[AV_ERROR_MAX_STRING_SIZE] = { 0 };

  av_strerror (averr, buf, sizeof buf);
  g_set_error (error, SCD_ERROR, code, "%s: %s", what, buf);
}
