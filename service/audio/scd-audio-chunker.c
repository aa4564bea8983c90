/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Chunk arithmetic in whole samples. Seconds appear only at the edges
 * (the requested chunk length in, start and duration out), so chunk n+1
 * starts exactly where chunk n ended however long the session runs, and
 * the chunks together hold every sample once.
 *
 * A chunk may end anywhere between its shortest (min) and longest (max)
 * length, where the audio pauses; the stage picks the place
 * (scd-audio-pause.c) once the chunk reaches max, and what follows the cut
 * starts the next chunk. With min = max every chunk but the last has the
 * same length.
 *
 * Use: room() opens a chunk if none is open and says how many samples it
 * takes before the next decision: up to min (samples that may go straight
 * to the WAV), then up to max (samples to hold, holding() says which);
 * add() counts samples and says when the chunk reached max and must be
 * cut; cut() ends it earlier, at a pause, and says how many samples carry
 * over; finish() says whether a partly filled chunk is left at the end of
 * the audio; after that next() moves on to the following chunk, or join()
 * adds the open chunk to the one before.
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

/* Every chunk @chunk_seconds long, the last one excepted. */
void
scd_audio_chunker_set_chunk_seconds (ScdAudioChunker *chunker, double chunk_seconds)
{
  scd_audio_chunker_set_range (chunker, chunk_seconds, chunk_seconds, chunk_seconds);
}

/* Chunks from now on end between @min_seconds and @max_seconds, preferably
 * near @target_seconds. The search span is cut to its last
 * SCD_AUDIO_CHUNKER_HOLD_MAX seconds, so what is held stays bounded
 * whatever the options say. */
void
scd_audio_chunker_set_range (ScdAudioChunker *chunker,
                             double min_seconds,
                             double target_seconds,
                             double max_seconds)
{
  guint64 hold = scd_audio_chunker_seconds_to_samples (chunker->rate, SCD_AUDIO_CHUNKER_HOLD_MAX);

  chunker->target_length = scd_audio_chunker_seconds_to_samples (chunker->rate, target_seconds);
  chunker->min_length = scd_audio_chunker_seconds_to_samples (chunker->rate, min_seconds);
  chunker->max_length = scd_audio_chunker_seconds_to_samples (chunker->rate, max_seconds);
  chunker->max_length = MAX (chunker->max_length, chunker->target_length);
  chunker->min_length = MIN (chunker->min_length, chunker->target_length);
  if (chunker->max_length - chunker->min_length > hold)
    chunker->min_length = chunker->max_length - hold;
}

/* How the shortest and longest chunk follow a new target length: they keep
 * their ratio to it (the options' min and max over their target), within
 * 1 s to 3600 s and on either side of the target. */
void
scd_audio_chunker_scale_range (double target,
                               double min_ratio,
                               double max_ratio,
                               double *min_seconds,
                               double *max_seconds)
{
  *min_seconds = CLAMP (target * min_ratio, MIN (1.0, target), target);
  *max_seconds = CLAMP (target * max_ratio, target, MAX (3600.0, target));
}

guint64
scd_audio_chunker_room (ScdAudioChunker *chunker)
{
  if (!chunker->open)
    {
      chunker->open = TRUE;
      chunker->min = chunker->min_length;
      chunker->target = chunker->target_length;
      chunker->max = chunker->max_length;
      chunker->filled = 0;
    }
  return (chunker->filled < chunker->min ? chunker->min : chunker->max) - chunker->filled;
}

/* Whether the samples room() allows now belong to the span a pause is
 * searched in (they must be held until the cut). */
gboolean
scd_audio_chunker_holding (ScdAudioChunker *chunker)
{
  return chunker->open && chunker->filled >= chunker->min;
}

/* Returns whether the chunk reached its longest and must be cut. */
gboolean
scd_audio_chunker_add (ScdAudioChunker *chunker, guint64 samples)
{
  g_return_val_if_fail (chunker->open, FALSE);
  g_return_val_if_fail (samples <= scd_audio_chunker_room (chunker), FALSE);

  chunker->filled += samples;
  return chunker->filled == chunker->max;
}

/* Ends the open chunk @at samples (no shorter than its min, no longer than
 * what it holds); returns the samples after the cut, which start the next
 * chunk. */
guint64
scd_audio_chunker_cut (ScdAudioChunker *chunker, guint64 at)
{
  guint64 carry;

  g_return_val_if_fail (chunker->open, 0);
  g_return_val_if_fail (at >= chunker->min && at <= chunker->filled, 0);

  carry = chunker->filled - at;
  chunker->filled = at;
  return carry;
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

/* The open chunk becomes the end of the one before (already cut): the next
 * chunk starts after it and takes its index. */
void
scd_audio_chunker_join (ScdAudioChunker *chunker)
{
  g_return_if_fail (chunker->open);

  chunker->start += chunker->filled;
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
