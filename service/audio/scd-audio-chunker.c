/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Chunk arithmetic in whole samples. Seconds appear only at the edges
 * (the requested chunk length in, start and duration out), so chunk n+1
 * starts exactly where chunk n ended however long the session runs, and
 * the chunks together hold every sample once.
 *
 * Use: room() opens a chunk if none is open and says how many samples it
 * still takes; add() counts samples written and says when the chunk is
 * full; finish() closes a partly filled chunk at the end of the audio;
 * after a full or finished chunk, next() moves on to the following one.
 */
#include <math.h>

#include "scd-audio-chunker.h"

guint64
scd_audio_chunker_seconds_to_samples (guint rate, double seconds)
{
  double samples = round (seconds * rate);

  return samples < 1.0 ? 1 : (guint64) samples;
}

double
scd_audio_chunker_samples_to_seconds (guint rate, guint64 samples)
{
  return (double) samples / rate;
}

void
scd_audio_chunker_init (ScdAudioChunker *chunker, guint rate, double chunk_seconds)
{
  g_return_if_fail (rate > 0);

  *chunker = (ScdAudioChunker){ .rate = rate };
  scd_audio_chunker_set_chunk_seconds (chunker, chunk_seconds);
}

void
scd_audio_chunker_set_chunk_seconds (ScdAudioChunker *chunker, double chunk_seconds)
{
  chunker->chunk_length = scd_audio_chunker_seconds_to_samples (chunker->rate, chunk_seconds);
}

guint64
scd_audio_chunker_room (ScdAudioChunker *chunker)
{
  if (!chunker->open)
    {
      chunker->open = TRUE;
      chunker->length = chunker->chunk_length;
      chunker->filled = 0;
    }
  return chunker->length - chunker->filled;
}

gboolean
scd_audio_chunker_add (ScdAudioChunker *chunker, guint64 samples)
{
  g_return_val_if_fail (chunker->open, FALSE);
  g_return_val_if_fail (samples <= chunker->length - chunker->filled, FALSE);

  chunker->filled += samples;
  return chunker->filled == chunker->length;
}

/* Returns whether there is a non-empty chunk to close. */
gboolean
scd_audio_chunker_finish (ScdAudioChunker *chunker)
{
  return chunker->open && chunker->filled > 0;
}

void
scd_audio_chunker_next (ScdAudioChunker *chunker)
{
  g_return_if_fail (chunker->open);

  chunker->start += chunker->filled;
  chunker->index++;
  chunker->open = FALSE;
  chunker->filled = 0;
}

/* The next chunk starts @samples later than where the last one ended: a
 * gap on the timeline that is not filled. */
void
scd_audio_chunker_skip (ScdAudioChunker *chunker, guint64 samples)
{
  g_return_if_fail (!chunker->open);

  chunker->start += samples;
}
