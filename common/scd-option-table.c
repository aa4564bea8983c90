/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Why these defaults and ranges:
 * - scene-threshold 4: the scene score is the share of the picture that
 *   changed visibly, in percent; a slide change on the same template
 *   scores 4.5-10, typing or a pointer under 1.
 * - min-scene-length, max-frame-interval: up to a day. A frame interval
 *   under 0.1 s (1e-300 was taken) asks for a JPEG of every frame of any
 *   video: 0 turns it off, or at least 0.1 s.
 * - settle-seconds 2: a slide built up bullet by bullet, or a form filled
 *   in, is finished once nothing has moved for 2 s (a speaker pauses
 *   longer between bullets than a typist between words); under 0.5 s
 *   every pause in typing would be a finished state. 0 turns it off.
 * - audio-chunk-seconds 30: Whisper's window; an hour is already more
 *   than any speech-to-text engine wants in one piece, and no engine
 *   transcribes less than a second (0.1 s made a chunk and an index write
 *   ten times a second).
 * - audio-chunk-min, audio-chunk-max 0: a chunk ends in the quietest
 *   pause between 2/3 of audio-chunk-seconds and audio-chunk-seconds (20 to
 *   30 s by default: Whisper's window is the most it takes, and 10 s is
 *   room enough to find a pause in speech), so a session that asked for
 *   5 s chunks gets chunks of 3.3 to 5 s. Given, they must hold the
 *   target between them (min <= audio-chunk-seconds <= max), within the
 *   same 1 to 3600 s.
 * - 16 kHz mono: what speech-to-text engines take.
 * - connect-timeout 300: a client URL (not a listener) whose server is not
 *   up is tried again for five minutes without a connection, then the
 *   session fails; 0 tries for ever.
 * - sender-timeout 10: a live source that sends nothing for 10 s is
 *   dropped (a listener then takes the next sender); a live stream with a
 *   pause that long has stalled. 0 waits for ever.
 */
#include "scd-option-table.h"

#include <math.h>

#define DAY (24.0 * 3600.0)

static const ScdOption create_session[] = {
  { "source", "s" },
  { "name", "s" },
  { "audio-source", "s", .default_string = "stream" }, /* "stream", "none", "pulse:NAME" */
  { "record", "b" },                                   /* live sources: TRUE */
  { "realtime", "b" },
  { "exit-with-caller", "b" },
  { "shared", "b" },        /* any client may control it, not only its creator */
  { "listen-public", "b" }, /* a listener on 0.0.0.0 or [::]: every network interface */
  { "hwaccel", "s", .default_string = "auto" }, /* "auto", "cuda", "none" */
  { "scene-threshold", "d", 4.0, NULL, 0.0, 100.0 },
  { "min-scene-length", "d", 0.25, NULL, 0.0, DAY },
  { "max-frame-interval", "d", 0.0, NULL, 0.1, DAY, .zero_is_off = TRUE },
  { "exclude-regions", "a(dddd)" }, /* service/core/scd-regions.h */
  { "watch-region", "(dddd)" },
  { "settle-seconds", "d", 2.0, NULL, 0.5, 60.0, .zero_is_off = TRUE },
  { "audio-chunk-seconds", "d", 30.0, NULL, 1.0, 3600.0 },
  { "audio-chunk-min", "d", 0.0, NULL, 1.0, 3600.0, .zero_is_off = TRUE },
  { "audio-chunk-max", "d", 0.0, NULL, 1.0, 3600.0, .zero_is_off = TRUE },
  { "audio-sample-rate", "u", 16000, NULL, 8000, 192000 },
  { "audio-channels", "u", 1, NULL, 1, 2 },
  { "connect-timeout", "d", 300.0, NULL, 1.0, DAY, .zero_is_off = TRUE },
  { "sender-timeout", "d", 10.0, NULL, 1.0, 3600.0, .zero_is_off = TRUE },
};

static const ScdOption frame_stream[] = {
  { "width", "u" },
  { "height", "u" },
  { "fps", "d" },
  { "pixel-format", "s" },
};

static const ScdOption audio_stream[] = {
  { "codec", "s" },
  { "sample-rate", "u", 0, NULL, 8000, 192000 }, /* default: the session's */
  { "channels", "u", 0, NULL, 1, 2 },
};

static const ScdOption proxy[] = {
  { "height", "u" },
};

const ScdOptionTable scd_create_session_options = { create_session, G_N_ELEMENTS (create_session) };
const ScdOptionTable scd_frame_stream_options = { frame_stream, G_N_ELEMENTS (frame_stream) };
const ScdOptionTable scd_audio_stream_options = { audio_stream, G_N_ELEMENTS (audio_stream) };
const ScdOptionTable scd_proxy_options = { proxy, G_N_ELEMENTS (proxy) };

const ScdOption *
scd_option_table_find (const ScdOptionTable *table, const char *key)
{
  for (gsize i = 0; i < table->n_options; i++)
    if (g_str_equal (table->options[i].key, key))
      return &table->options[i];
  return NULL;
}

/* A CreateSession option, which must exist. */
const ScdOption *
scd_session_option (const char *key)
{
  const ScdOption *option = scd_option_table_find (&scd_create_session_options, key);

  g_assert (option != NULL);
  return option;
}

gboolean
scd_option_in_range (const ScdOption *option, double value)
{
  if (!isfinite (value))
    return FALSE;
  if (value == 0.0 && option->zero_is_off)
    return TRUE;
  return option->max <= option->min || (value >= option->min && value <= option->max);
}
