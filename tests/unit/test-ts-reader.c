/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The reader tells libavformat's MPEG-TS demuxer where a PES packet of
 * unwritten length ends: each frame comes out before the demuxer has read
 * a byte of the next, the same bytes as without it; a sender that pads
 * inside a frame stops the telling; other containers pass untouched.
 * Streams are muxed here by libavformat, into files read through the
 * file protocol.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "scd-libav.h"

#include "scd-ts-reader.h"

#define TS 188

/* The PID of the TS packet at @p. */
static int
pid_of (const guint8 *p)
{
  return ((p[1] & 0x1f) << 8) | p[2];
}

/* Frame sizes: small, one TS packet, over 64 KiB (no room for the length
 * in the PES header), over the demuxer's 200 KiB pieces. */
static const gsize frame_sizes[] = { 5000, 120, 9000, 70000, 1500, 300000, 2500, 40000, 800 };

typedef struct
{
  GPtrArray *frames; /* GBytes: the video frames, as read */
  GArray *late;      /* gboolean: read on into the next frame before it came out */
  GArray *tellable;  /* gboolean: ends after what was read before the reader was armed */
  guint64 ends_told;
  gboolean gave_up;
  gboolean watching;
} Read;

static void
read_clear (Read *r)
{
  g_clear_pointer (&r->frames, g_ptr_array_unref);
  g_clear_pointer (&r->late, g_array_unref);
  g_clear_pointer (&r->tellable, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Read, read_clear)

/* An H.264 access unit of @size bytes: a delimiter, a slice, filler. */
static void
fill_access_unit (guint8 *data, gsize size, guint seed)
{
  static const guint8 head[] = { 0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x65, 0x88, 0x84 };

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (0x20 + (i * 7 + seed) % 0x50);
  memcpy (data, head, MIN (size, sizeof head));
}

/* The frames of frame_sizes (and MP2-sized audio packets between them)
 * muxed as @format into a new file; its path. */
static char *
mux (const char *format, gboolean pes_length)
{
  g_autofree char *path = NULL;
  AVFormatContext *out = NULL;
  AVStream *video, *audio;
  AVDictionary *options = NULL;
  int fd = g_file_open_tmp ("scened-ts-reader-XXXXXX", &path, NULL);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_cmpint (avformat_alloc_output_context2 (
                       &out, NULL, g_str_has_prefix (format, "mpegts") ? "mpegts" : format, path),
                   >=, 0);
  video = avformat_new_stream (out, NULL);
  video->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
  video->codecpar->codec_id = AV_CODEC_ID_H264;
  video->codecpar->width = 640;
  video->codecpar->height = 360;
  video->time_base = (AVRational){ 1, 90000 };
  audio = avformat_new_stream (out, NULL);
  audio->codecpar->codec_type = AVMEDIA_TYPE_AUDIO;
  audio->codecpar->codec_id = AV_CODEC_ID_MP2;
  audio->codecpar->sample_rate = 48000;
  av_channel_layout_default (&audio->codecpar->ch_layout, 2);
  audio->time_base = (AVRational){ 1, 90000 };
  g_assert_cmpint (avio_open (&out->pb, path, AVIO_FLAG_WRITE), >=, 0);
  if (g_str_has_prefix (format, "mpegts"))
    av_dict_set (&options, "omit_video_pes_length", pes_length ? "0" : "1", 0);
  if (g_str_equal (format, "mpegts-m2ts"))
    av_dict_set (&options, "mpegts_m2ts_mode", "1", 0);
  g_assert_cmpint (avformat_write_header (out, &options), >=, 0);
  av_dict_free (&options);

  for (guint i = 0; i < G_N_ELEMENTS (frame_sizes); i++)
    {
      g_autoptr (AVPacket) v = av_packet_alloc ();
      g_autoptr (AVPacket) a = av_packet_alloc ();

      g_assert_cmpint (av_new_packet (v, (int) frame_sizes[i]), ==, 0);
      fill_access_unit (v->data, frame_sizes[i], i);
      v->pts = v->dts = 3000 * (i + 1);
      v->stream_index = video->index;
      if (i == 0)
        v->flags |= AV_PKT_FLAG_KEY;
      g_assert_cmpint (av_new_packet (a, 384), ==, 0);
      memset (a->data, 0x11 * (i + 1), 384);
      a->pts = a->dts = 3000 * (i + 1);
      a->stream_index = audio->index;
      g_assert_cmpint (av_write_frame (out, a), >=, 0);
      g_assert_cmpint (av_write_frame (out, v), >=, 0);
    }
  g_assert_cmpint (av_write_trailer (out), >=, 0);
  avio_closep (&out->pb);
  avformat_free_context (out);
  return g_steal_pointer (&path);
}

/* The video packets' positions in @path (where each PES packet starts),
 * read without the reader. */
static GArray *
positions (const char *path)
{
  g_autoptr (AVFormatContext) input = avformat_alloc_context ();
  g_autoptr (AVPacket) packet = av_packet_alloc ();
  GArray *at = g_array_new (FALSE, FALSE, sizeof (gint64));

  input->flags |= AVFMT_FLAG_NOPARSE;
  g_assert_cmpint (avformat_open_input (&input, path, NULL, NULL), ==, 0);
  while (av_read_frame (input, packet) >= 0)
    {
      /* a frame over 200 KiB comes in pieces, at one position */
      if (input->streams[packet->stream_index]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO
          && (at->len == 0 || packet->pos > g_array_index (at, gint64, at->len - 1)))
        g_array_append_val (at, packet->pos);
      av_packet_unref (packet);
    }
  return at;
}

/* Where the video packet after the one at @pos starts; G_MAXINT64 for
 * the last. */
static gint64
next_start (GArray *starts, gint64 pos)
{
  for (guint i = 0; i < starts->len; i++)
    if (g_array_index (starts, gint64, i) > pos)
      return g_array_index (starts, gint64, i);
  return G_MAXINT64;
}

/* Every video packet of @path (a frame, or a piece of one over 200
 * KiB), read through a reader (or not), and for each whether the demuxer
 * had read past the start of the next frame. */
static void
read_frames (const char *path, gboolean through_reader, Read *r)
{
  g_autoptr (GArray) starts = positions (path);
  g_autoptr (ScdTsReader) reader = NULL;
  g_autoptr (AVFormatContext) input = avformat_alloc_context ();
  g_autoptr (AVPacket) packet = av_packet_alloc ();
  g_autofree char *url = g_strconcat ("file:", path, NULL);
  guint again = 0;
  gint64 armed_at;
  int ret;

  r->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  r->late = g_array_new (FALSE, FALSE, sizeof (gboolean));
  r->tellable = g_array_new (FALSE, FALSE, sizeof (gboolean));
  input->flags |= AVFMT_FLAG_NOPARSE;
  if (through_reader)
    {
      reader = scd_ts_reader_open (url, NULL, NULL, &ret);
      g_assert_nonnull (reader);
      input->pb = scd_ts_reader_get_io (reader);
      input->flags |= AVFMT_FLAG_CUSTOM_IO;
    }
  g_assert_cmpint (avformat_open_input (&input, url, NULL, NULL), ==, 0);
  /* What was read to find the streams (libavformat's probe, and the
   * demuxer's search for its tables) went by before the reader was armed:
   * no end in it is told. */
  if (reader != NULL)
    scd_ts_reader_arm (reader, input);
  armed_at = input->pb->pos;

  while ((ret = av_read_frame (input, packet)) >= 0 || ret == AVERROR (EAGAIN))
    {
      if (reader != NULL)
        scd_ts_reader_resume (reader);
      if (ret < 0)
        {
          g_assert_cmpuint (++again, <, 100);
          continue;
        }
      again = 0;
      if (input->streams[packet->stream_index]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO)
        {
          gint64 next = next_start (starts, packet->pos);
          gboolean late = avio_tell (input->pb) > next;
          gboolean tellable = next > armed_at + TS;

          g_ptr_array_add (r->frames, g_bytes_new (packet->data, (gsize) packet->size));
          g_array_append_val (r->late, late);
          g_array_append_val (r->tellable, tellable);
        }
      av_packet_unref (packet);
    }
  if (reader != NULL)
    {
      r->ends_told = scd_ts_reader_get_ends_told (reader);
      r->gave_up = scd_ts_reader_gave_up (reader);
      r->watching = scd_ts_reader_is_watching (reader);
    }
  /* The input reads through the reader: it goes first. */
  g_clear_pointer (&input, scd_av_format_context_close);
}

/* How many packets came out late, of those whose end could be told. */
static guint
count_late (const Read *r, guint *tellable)
{
  guint n = 0;

  *tellable = 0;
  for (guint i = 0; i < r->late->len; i++)
    if (g_array_index (r->tellable, gboolean, i))
      {
        n += g_array_index (r->late, gboolean, i);
        (*tellable)++;
      }
  return n;
}

/* @path read without the reader (@plain) and through it (@told): the
 * same frames either way. */
static void
read_both (const char *path, Read *plain, Read *told)
{
  read_frames (path, FALSE, plain);
  read_frames (path, TRUE, told);
  g_assert_cmpuint (plain->frames->len, ==, told->frames->len);
  for (guint i = 0; i < plain->frames->len; i++)
    g_assert_true (g_bytes_equal (plain->frames->pdata[i], told->frames->pdata[i]));
}

/* ffmpeg's default: no video PES packet has its length. Without the
 * reader every frame waits for the next; with it, none does. */
static void
test_unwritten_lengths (void)
{
  g_autofree char *path = mux ("mpegts", FALSE);
  g_auto (Read) plain = { 0 };
  g_auto (Read) told = { 0 };
  guint tellable;

  read_both (path, &plain, &told);
  /* the 300000-byte frame in two pieces */
  g_assert_cmpuint (plain.frames->len, ==, G_N_ELEMENTS (frame_sizes) + 1);
  /* all but the first piece and the last frame wait for the next */
  g_assert_cmpuint (count_late (&plain, &tellable), ==, tellable - 2);
  g_assert_cmpuint (count_late (&told, &tellable), ==, 0);
  g_assert_cmpuint (tellable, >=, 5);
  /* the pieces' frame once */
  g_assert_cmpuint (told.ends_told, ==, tellable - 1);
  g_assert_false (told.gave_up);
  g_assert_true (told.watching);
  g_unlink (path);
}

/* Lengths written where they fit: the demuxer hands those frames on by
 * itself, and the reader tells only the ends of the two over 64 KiB. */
static void
test_written_lengths (void)
{
  g_autofree char *path = mux ("mpegts", TRUE);
  g_auto (Read) plain = { 0 };
  g_auto (Read) told = { 0 };
  guint tellable;

  read_both (path, &plain, &told);
  g_assert_cmpuint (count_late (&plain, &tellable), ==, 2);
  g_assert_cmpuint (count_late (&told, &tellable), ==, 0);
  g_assert_cmpuint (told.ends_told, ==, 2);
  g_unlink (path);
}

/* Splits TS packet @k of @ts (a packet in the middle of a PES packet, all
 * payload) into two, each padded with stuffing, and renumbers the
 * continuity counters of its PID after it. */
static GByteArray *
pad_inside (const guint8 *ts, gsize size, gsize k)
{
  GByteArray *out = g_byte_array_sized_new ((guint) size + TS);
  const guint8 *p = ts + k * TS;
  int pid = pid_of (p);
  guint8 first[TS], second[TS];

  g_assert_cmpint ((p[3] >> 4) & 3, ==, 1);
  g_assert_false (p[1] & 0x40);
  /* 100 bytes of payload after 84 of adaptation field, then the other 84
   * after 100 */
  memset (first, 0xff, TS);
  memcpy (first, p, 4);
  first[3] = (guint8) ((p[3] & 0xcf) | 0x30);
  first[4] = 83;
  first[5] = 0;
  memcpy (first + TS - 100, p + 4, 100);
  memcpy (second, first, 6);
  memset (second + 6, 0xff, TS - 6);
  second[4] = 99;
  memcpy (second + TS - 84, p + 4 + 100, 84);

  g_byte_array_append (out, ts, (guint) (k * TS));
  g_byte_array_append (out, first, TS);
  g_byte_array_append (out, second, TS);
  g_byte_array_append (out, p + TS, (guint) (size - (k + 1) * TS));
  for (gsize i = k + 1; i < out->len / TS; i++)
    {
      guint8 *q = out->data + i * TS;

      if (pid_of (q) == pid && ((q[3] >> 4) & 1))
        q[3] = (guint8) ((q[3] & 0xf0) | ((q[3] + 1) & 0x0f));
    }
  return out;
}

/* A sender that pads inside a frame: that frame is cut short (the rest
 * is skipped), the reader says so and tells no more ends; the frames
 * after are whole, as without it. */
static void
test_padding_inside_a_frame (void)
{
  g_autofree char *path = mux ("mpegts", FALSE);
  g_autofree char *contents = NULL;
  g_autoptr (GByteArray) padded = NULL;
  g_autoptr (GArray) starts = NULL;
  g_auto (Read) plain = { 0 };
  g_auto (Read) told = { 0 };
  /* the 2500-byte frame: its packet comes after the two pieces of the
   * 300000-byte one */
  const guint victim = 6, victim_packet = victim + 1;
  gsize size, k;
  int pid;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  starts = positions (path);
  /* A TS packet in the middle of the victim's PES packet: its PID, all
   * payload (tables and clock references may come between). */
  k = (gsize) g_array_index (starts, gint64, victim) / TS;
  pid = pid_of ((const guint8 *) contents + k * TS);
  for (k += 5;
       pid_of ((const guint8 *) contents + k * TS) != pid || ((contents[k * TS + 3] >> 4) & 3) != 1;
       k++)
    ;
  padded = pad_inside ((const guint8 *) contents, size, k);
  g_assert_true (g_file_set_contents (path, (const char *) padded->data, padded->len, NULL));

  read_frames (path, FALSE, &plain);
  read_frames (path, TRUE, &told);
  g_assert_true (told.gave_up);
  g_assert_cmpuint (told.frames->len, ==, plain.frames->len);
  g_assert_cmpuint (g_bytes_get_size (told.frames->pdata[victim_packet]), <,
                    g_bytes_get_size (plain.frames->pdata[victim_packet]));
  for (guint i = 0; i < plain.frames->len; i++)
    if (i != victim_packet)
      g_assert_true (g_bytes_equal (plain.frames->pdata[i], told.frames->pdata[i]));
  /* told before it, not after */
  g_assert_false (g_array_index (told.late, gboolean, victim_packet - 1));
  g_assert_true (g_array_index (told.late, gboolean, victim_packet + 1));
  g_unlink (path);
}

/* A packet lost after an end was told (UDP drops datagrams): the next
 * frame's first. Its rest is no sign of padding inside a frame: the
 * telling goes on. */
static void
test_lost_packet_is_no_padding (void)
{
  g_autofree char *path = mux ("mpegts", FALSE);
  g_autofree char *contents = NULL;
  g_autoptr (GByteArray) damaged = g_byte_array_new ();
  g_autoptr (GArray) starts = NULL;
  g_auto (Read) told = { 0 };
  /* the 2500-byte frame, after the 300000-byte one */
  const guint victim = 6;
  guint tellable;
  gsize size, k;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  starts = positions (path);
  k = (gsize) g_array_index (starts, gint64, victim) / TS;
  g_byte_array_append (damaged, (const guint8 *) contents, (guint) (k * TS));
  g_byte_array_append (damaged, (const guint8 *) contents + (k + 1) * TS,
                       (guint) (size - (k + 1) * TS));
  g_assert_true (g_file_set_contents (path, (const char *) damaged->data, damaged->len, NULL));

  read_frames (path, TRUE, &told);
  g_assert_false (told.gave_up);
  g_assert_cmpuint (count_late (&told, &tellable), ==, 0);
  g_assert_cmpuint (tellable, >=, 5);
  g_unlink (path);
}

/* Another container (@data: the muxer; "mpegts-m2ts": M2TS's 192-byte
 * packets, which libavformat's MPEG-TS demuxer reads too): nothing told,
 * nothing changed. */
static void
test_other_containers_untouched (gconstpointer data)
{
  g_autofree char *path = mux (data, FALSE);
  g_auto (Read) plain = { 0 };
  g_auto (Read) told = { 0 };

  read_both (path, &plain, &told);
  g_assert_cmpuint (plain.frames->len, >=, G_N_ELEMENTS (frame_sizes));
  g_assert_cmpuint (told.ends_told, ==, 0);
  g_assert_false (told.gave_up);
  g_assert_false (told.watching);
  g_unlink (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  av_log_set_level (AV_LOG_QUIET);
  g_test_add_func ("/ts-reader/unwritten-lengths", test_unwritten_lengths);
  g_test_add_func ("/ts-reader/written-lengths", test_written_lengths);
  g_test_add_func ("/ts-reader/padding-inside-a-frame", test_padding_inside_a_frame);
  g_test_add_func ("/ts-reader/lost-packet-is-no-padding", test_lost_packet_is_no_padding);
  g_test_add_data_func ("/ts-reader/other-containers-untouched/nut", "nut",
                        test_other_containers_untouched);
  g_test_add_data_func ("/ts-reader/other-containers-untouched/m2ts", "mpegts-m2ts",
                        test_other_containers_untouched);
  return g_test_run ();
}
