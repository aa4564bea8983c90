/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A PES packet's header gives its length only up to 64 KiB, and ffmpeg's
 * MPEG-TS muxer leaves it out of every video packet unless told otherwise
 * (-omit_video_pes_length 0). libavformat's demuxer then knows a frame
 * has ended only when the next one begins: a frame's time later (33 ms at
 * 30 fps), and a cut, which waits for the frame after it, two.
 *
 * Muxers carry a PES packet's bytes in TS packets filled to the brim, and
 * pad the last one, when its bytes do not fill it, with stuffing in its
 * adaptation field. So when a TS packet with stuffing ends a PES packet of
 * unwritten length, and no other PES packet is under way, the reader hands
 * the demuxer that far and then answers EAGAIN once. On any read error the
 * demuxer hands on the PES packet it holds (its end-of-input path); the
 * next read goes on from there. libavformat's AVIOContext marks itself at
 * the end on an error: scd_ts_reader_resume() clears that after each
 * av_read_frame().
 *
 * A last TS packet filled exactly has no stuffing: that frame waits for
 * the next, as before. A sender that pads inside a PES packet would have a
 * frame cut short (the demuxer skips the rest, up to the next packet's
 * start): the reader sees the rest come (the very next TS packet of that
 * PID, not one after a gap: UDP loses datagrams), says so, and tells no
 * more ends on that connection. One frame is lost, once.
 *
 * What libavformat reads while it finds the streams goes by before the
 * reader is armed (scd_ts_reader_arm()): the first frames of a connection
 * are handed on as the demuxer finds them.
 *
 * Only the byte-stream schemes are read this way (byte_stream in
 * scd-source-kind.c): they cannot seek, and this AVIOContext does not.
 * The reader watches from the first byte and stops at the first place
 * that is not a 188-byte TS packet: other containers (and M2TS's 192-byte
 * packets) pass through untouched.
 */
#include "config.h"

#include <string.h>

#include "scd-libav.h"
#include "scd-ts-reader.h"

#define TS_PACKET_BYTES 188
#define TS_SYNC_BYTE 0x47
#define TS_PIDS 8192
#define BUFFER_BYTES (32 * 1024)

/* What is under way on a PID: nothing, a PES packet of unwritten length,
 * or the bytes left of one of written length. */
#define UNWRITTEN_LENGTH (-1)

struct _ScdTsReader
{
  AVIOContext *inner; /* the protocol's own */
  gboolean own_inner; /* opened here (scd_ts_reader_open()) */
  AVIOContext *io;    /* what the demuxer reads */
  guint8 *held;       /* read from @inner, not yet handed on */
  gsize held_start, held_end;
  guint8 packet[TS_PACKET_BYTES]; /* the TS packet being handed on */
  gsize packet_bytes;
  gint32 *under_way; /* per PID: 0, UNWRITTEN_LENGTH, or bytes left */
  guint n_under_way;
  int told_pid; /* whose end was told last, until its next packet starts; -1 */
  int told_counter;
  gboolean watching; /* so far, the stream is 188-byte TS packets */
  gboolean armed;    /* the demuxer reads packets: ends may be told */
  gboolean gave_up;  /* an end told was none */
  gboolean eagain_due, eagain_given;
  guint64 ends_told;
};

/* Whether the adaptation field at @field (its length byte first) holds
 * stuffing: more bytes than its flags call for. A length of 0 is one
 * byte of stuffing, the length itself. */
static gboolean
has_stuffing (const guint8 *field, const guint8 *packet_end)
{
  gsize length = field[0], used = 1;
  guint8 flags;

  if (length == 0)
    return TRUE;
  flags = field[1];
  if (flags & 0x10) /* PCR */
    used += 6;
  if (flags & 0x08) /* OPCR */
    used += 6;
  if (flags & 0x04) /* splice countdown */
    used += 1;
  if ((flags & 0x02) && field + 1 + used < packet_end) /* private data */
    used += 1 + field[1 + used];
  if ((flags & 0x01) && field + 1 + used < packet_end) /* extension */
    used += 1 + field[1 + used];
  return length > used;
}

static void
open_pes (ScdTsReader *reader, int pid, gint32 state)
{
  if (reader->under_way[pid] == 0 && state != 0)
    reader->n_under_way++;
  else if (reader->under_way[pid] != 0 && state == 0)
    reader->n_under_way--;
  reader->under_way[pid] = state;
}

static void
give_up (ScdTsReader *reader)
{
  g_message ("The sender pads MPEG-TS packets inside a frame: one frame was cut short, and "
             "frames now wait for the next to begin");
  reader->gave_up = TRUE;
  reader->armed = FALSE;
}

/* One whole TS packet, as it is handed on. */
static void
watch_packet (ScdTsReader *reader)
{
  const guint8 *p = reader->packet, *end = p + TS_PACKET_BYTES, *payload;
  gboolean starts, stuffed = FALSE;
  int pid, control, counter;
  gsize size;

  if (p[0] != TS_SYNC_BYTE)
    {
      g_debug ("Not 188-byte MPEG-TS packets: frames are handed on as the demuxer finds them");
      reader->watching = FALSE;
      reader->armed = FALSE;
      return;
    }
  starts = (p[1] & 0x40) != 0;
  pid = ((p[1] & 0x1f) << 8) | p[2];
  control = (p[3] >> 4) & 3;
  counter = p[3] & 0x0f;
  payload = p + 4;
  if (control & 2)
    {
      if (4 + 1 + (gsize) p[4] > TS_PACKET_BYTES)
        return;
      stuffed = control == 3 && has_stuffing (p + 4, end);
      payload = p + 5 + p[4];
    }
  if (!(control & 1) || payload >= end)
    return;
  size = (gsize) (end - payload);

  /* The packet after an end told on its PID: a new PES packet, as it
   * should be, or more of the one told ended. A packet lost in between
   * (UDP) proves nothing. */
  if (pid == reader->told_pid)
    {
      if (!starts && counter == ((reader->told_counter + 1) & 0x0f) && reader->armed)
        give_up (reader);
      reader->told_pid = -1;
    }

  if (starts)
    {
      if (size >= 6 && payload[0] == 0 && payload[1] == 0 && payload[2] == 1)
        {
          gint32 length = (payload[4] << 8) | payload[5];
          gint32 left = length - (gint32) (size - 6);

          open_pes (reader, pid, length == 0 ? UNWRITTEN_LENGTH : MAX (left, 0));
        }
      else
        open_pes (reader, pid, 0); /* tables: not a PES packet */
    }
  else if (reader->under_way[pid] > 0)
    open_pes (reader, pid, MAX (reader->under_way[pid] - (gint32) size, 0));

  if (reader->under_way[pid] == UNWRITTEN_LENGTH && stuffed)
    {
      open_pes (reader, pid, 0);
      if (reader->n_under_way == 0 && reader->armed)
        {
          reader->eagain_due = TRUE;
          reader->told_pid = pid;
          reader->told_counter = counter;
          reader->ends_told++;
        }
    }
}

static int
read_cb (void *opaque, uint8_t *buf, int size)
{
  ScdTsReader *reader = opaque;
  int given = 0;

  if (reader->eagain_due)
    {
      reader->eagain_due = FALSE;
      reader->eagain_given = TRUE;
      return AVERROR (EAGAIN);
    }
  if (reader->held_start == reader->held_end)
    {
      int n = avio_read_partial (reader->inner, reader->held, BUFFER_BYTES);

      if (n <= 0)
        return n == 0 ? AVERROR_EOF : n;
      reader->held_start = 0;
      reader->held_end = (gsize) n;
    }
  while (given < size && reader->held_start < reader->held_end && !reader->eagain_due)
    {
      gsize take = MIN ((gsize) (size - given), reader->held_end - reader->held_start);
      const guint8 *from = reader->held + reader->held_start;

      if (reader->watching)
        take = MIN (take, TS_PACKET_BYTES - reader->packet_bytes);
      memcpy (buf + given, from, take);
      reader->held_start += take;
      given += (int) take;
      if (!reader->watching)
        continue;
      memcpy (reader->packet + reader->packet_bytes, from, take);
      reader->packet_bytes += take;
      if (reader->packet_bytes == TS_PACKET_BYTES)
        {
          reader->packet_bytes = 0;
          watch_packet (reader);
        }
    }
  return given;
}

ScdTsReader *
scd_ts_reader_new (AVIOContext *inner)
{
  ScdTsReader *reader = g_new0 (ScdTsReader, 1);
  guint8 *buffer = av_malloc (BUFFER_BYTES);

  reader->inner = inner;
  reader->told_pid = -1;
  reader->watching = TRUE;
  reader->held = g_malloc (BUFFER_BYTES);
  reader->under_way = g_new0 (gint32, TS_PIDS);
  reader->io = avio_alloc_context (buffer, BUFFER_BYTES, 0, reader, read_cb, NULL, NULL);
  if (reader->io == NULL)
    {
      av_free (buffer);
      scd_ts_reader_free (reader);
      return NULL;
    }
  return reader;
}

ScdTsReader *
scd_ts_reader_open (const char *url,
                    const AVIOInterruptCB *interrupt,
                    AVDictionary **options,
                    int *ret)
{
  AVIOContext *inner = NULL;
  ScdTsReader *reader;

  *ret = avio_open2 (&inner, url, AVIO_FLAG_READ, interrupt, options);
  if (*ret < 0)
    return NULL;
  reader = scd_ts_reader_new (inner);
  if (reader == NULL)
    {
      avio_closep (&inner);
      *ret = AVERROR (ENOMEM);
      return NULL;
    }
  reader->own_inner = TRUE;
  return reader;
}

AVIOContext *
scd_ts_reader_get_io (ScdTsReader *reader)
{
  return reader->io;
}

void
scd_ts_reader_arm (ScdTsReader *reader, const AVFormatContext *input)
{
  reader->armed = reader->watching && !reader->gave_up && input->iformat != NULL
                  && g_str_equal (input->iformat->name, "mpegts");
}

void
scd_ts_reader_resume (ScdTsReader *reader)
{
  if (!reader->eagain_given)
    return;
  reader->eagain_given = FALSE;
  reader->io->eof_reached = 0;
  reader->io->error = 0;
}

guint64
scd_ts_reader_get_ends_told (const ScdTsReader *reader)
{
  return reader->ends_told;
}

gboolean
scd_ts_reader_gave_up (const ScdTsReader *reader)
{
  return reader->gave_up;
}

gboolean
scd_ts_reader_is_watching (const ScdTsReader *reader)
{
  return reader->watching;
}

void
scd_ts_reader_free (ScdTsReader *reader)
{
  if (reader == NULL)
    return;
  if (reader->io != NULL)
    av_freep (&reader->io->buffer);
  avio_context_free (&reader->io);
  if (reader->own_inner)
    avio_closep (&reader->inner);
  g_free (reader->under_way);
  g_free (reader->held);
  g_free (reader);
}
