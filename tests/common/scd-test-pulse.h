/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A private PulseAudio server per test: its own XDG_RUNTIME_DIR, a null
 * sink to play known tones into, and its monitor to capture them from.
 * Nothing of the machine's own PulseAudio (if any) is used or touched.
 */
#pragma once

#include <gio/gio.h>

#include "scd-test-service.h"

G_BEGIN_DECLS

/* The null sink the server starts with, and its monitor source. */
#define SCD_TEST_PULSE_SINK "scdtest"
#define SCD_TEST_PULSE_MONITOR "scdtest.monitor"

typedef struct _ScdTestPulse ScdTestPulse;
typedef struct _ScdTestTone ScdTestTone;

/* Starts pulseaudio and waits until it answers; the test fails (g_error,
 * with the server's log) when it cannot, never skips: CI installs
 * pulseaudio with tools/install-deps. */
ScdTestPulse *scd_test_pulse_start (void);

/* "unix:/.../pulse/native", for PULSE_SERVER. */
const char *scd_test_pulse_get_server (ScdTestPulse *pulse);
/* The server's XDG_RUNTIME_DIR: its socket is pulse/native under it, where
 * libpulse looks when PULSE_SERVER is unset. */
const char *scd_test_pulse_get_runtime_dir (ScdTestPulse *pulse);

/* These set PULSE_SERVER in the test's environment, which the service
 * that scd_test_service_start() spawns afterwards inherits: call them first.
 * The second names a socket that does not exist (under dir, which must
 * exist) and returns the server string. */
void scd_test_pulse_use_server (ScdTestPulse *pulse);
char *scd_test_pulse_use_missing_server (const char *dir);
/* Starts the service without PULSE_SERVER, with the server's
 * XDG_RUNTIME_DIR, where libpulse looks by default (GTestDBus unsets
 * XDG_RUNTIME_DIR in the test's own environment). */
ScdTestService *scd_test_pulse_start_service_by_runtime_dir (ScdTestPulse *pulse);

gboolean scd_test_pulse_is_running (ScdTestPulse *pulse);
/* pactl -s SERVER args...; NULL-terminated. Returns its stdout, or NULL
 * with error (which carries its output). Bounded in time. */
char *scd_test_pulse_pactl (ScdTestPulse *pulse, GError **error, const char *first_arg, ...)
    G_GNUC_NULL_TERMINATED;
void scd_test_pulse_dump_log (ScdTestPulse *pulse);
/* SIGTERM, then SIGKILL if it does not exit. */
void scd_test_pulse_stop (ScdTestPulse *pulse);
void scd_test_pulse_free (ScdTestPulse *pulse);

/* Plays a sine of frequency Hz at amplitude (0..1 of full scale) for
 * seconds into the null sink, paced in real time (ffmpeg -re ... -f pulse),
 * followed by half a second of silence so that nothing of the tone is
 * dropped when the player disconnects. A child of the test that dies with
 * it. */
ScdTestTone *
scd_test_pulse_play_tone (ScdTestPulse *pulse, guint frequency, double amplitude, double seconds);
/* The same into another sink (one loaded with pactl load-module). */
ScdTestTone *scd_test_pulse_play_tone_into (ScdTestPulse *pulse,
                                            const char *sink,
                                            guint frequency,
                                            double amplitude,
                                            double seconds);
/* When the player was spawned (g_get_monotonic_time()). */
/* A sound file (a WAV espeak-ng spoke) played into @sink in real time. */
ScdTestTone *
scd_test_pulse_play_file_into (ScdTestPulse *pulse, const char *sink, const char *path);
gint64 scd_test_tone_get_spawned_us (ScdTestTone *tone);
/* Waits for the player to exit; TRUE if it exited with status 0 (otherwise
 * g_test_message says why). */
gboolean scd_test_tone_wait (ScdTestTone *tone, guint timeout_ms);
void scd_test_tone_free (ScdTestTone *tone); /* kills it if still playing */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdTestPulse, scd_test_pulse_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdTestTone, scd_test_tone_free)

G_END_DECLS
