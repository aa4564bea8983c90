/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A live byte stream read for libavformat through an AVIOContext of
 * scened's own, which tells the MPEG-TS demuxer where each PES packet of
 * unwritten length ends, so that a frame is handed on when its last byte
 * is in, not when the next frame begins.
 */
#pragma once

#include <glib.h>
#include <libavformat/avformat.h>

G_BEGIN_DECLS

typedef struct _ScdTsReader ScdTsReader;

/* A reader of @inner, which stays the caller's, to close after the
 * reader is freed; NULL when memory runs out. */
ScdTsReader *scd_ts_reader_new (AVIOContext *inner);
/* Opens @url as avio_open2() does (@options: the protocol's; what it does
 * not take is left there). NULL, with the libav error in *@ret, when it
 * cannot. */
ScdTsReader *scd_ts_reader_open (const char *url,
                                 const AVIOInterruptCB *interrupt,
                                 AVDictionary **options,
                                 int *ret);
/* What the demuxer reads: set it as the AVFormatContext's pb, with
 * AVFMT_FLAG_CUSTOM_IO. It stays the reader's. */
AVIOContext *scd_ts_reader_get_io (ScdTsReader *reader);
/* The demuxer has found the streams and reads packets now: ends are told
 * from here on, when it is MPEG-TS. */
void scd_ts_reader_arm (ScdTsReader *reader, const AVFormatContext *input);
/* After every av_read_frame() of the input. */
void scd_ts_reader_resume (ScdTsReader *reader);
/* How many ends were told, and whether telling stopped (a sender that
 * pads inside a PES packet). */
guint64 scd_ts_reader_get_ends_told (const ScdTsReader *reader);
gboolean scd_ts_reader_gave_up (const ScdTsReader *reader);
/* Whether all it read so far was 188-byte TS packets. */
gboolean scd_ts_reader_is_watching (const ScdTsReader *reader);
/* After the AVFormatContext that reads it is closed. */
void scd_ts_reader_free (ScdTsReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdTsReader, scd_ts_reader_free)

G_END_DECLS
