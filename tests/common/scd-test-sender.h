/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Senders for the live-source tests: free ports on 127.0.0.1, MPEG-TS clips
 * made for live streaming, the ffmpeg CLI pushing a clip to a port (and
 * killed on demand, as a sender that vanishes), and an in-process writer
 * that pushes bytes (a file at a paced rate, garbage, or nothing at all) to
 * a TCP port or a Unix socket.
 */
#pragma once

#include <gio/gio.h>

#include "scd-test-media.h"

G_BEGIN_DECLS

/* --- ports and listeners -------------------------------------------------- */

guint16 scd_test_free_port (gboolean udp);
char *scd_test_tcp_listen_url (guint16 port);

/* What the kernel says (/proc/net/{tcp,tcp6,udp,udp6,unix}), so a test can
 * wait for the service to listen without connecting to it. */
gboolean scd_test_tcp_is_listening (guint16 port);
gboolean scd_test_udp_is_bound (guint16 port);
gboolean scd_test_unix_is_listening (const char *path);

/* Iterates the default main context (so D-Bus signals keep arriving) until
 * done() or the timeout, checking done() at least every 10 ms. */
gboolean scd_test_poll_until (gboolean (*done) (gpointer data), gpointer data, guint timeout_ms);
void scd_test_iterate_for (guint ms);
gboolean scd_test_wait_tcp_listening (guint16 port, guint timeout_ms);
gboolean scd_test_wait_udp_bound (guint16 port, guint timeout_ms);

/* --- clips ------------------------------------------------------------------ */

/* MPEG-TS made for live sending: H.264 (libx264 baseline, zerolatency, no
 * B-frames, a keyframe every second, the PES length written so a demuxer
 * can emit each frame as soon as it is whole), MP2 audio, 320x240 at 25 fps.
 * Made once per test program in scd_test_media_dir(); NULL (after
 * g_test_skip) when ffmpeg is missing. */
const ScdTestClip *scd_test_sender_live_clip (void);  /* 9 s, cuts at frames 50, 95, 135, 180 */
const ScdTestClip *scd_test_sender_short_clip (void); /* 4 s, a cut at frame 50 */
const ScdTestClip *scd_test_sender_large_frames_clip (void); /* 1.6 s of 720p, a cut at 20 */
const ScdTestClip *scd_test_sender_steady_clip (void);       /* 6 s, one shot, no cut */

/* --- the ffmpeg CLI as a sender --------------------------------------------- */

typedef struct _ScdTestFfmpegSender ScdTestFfmpegSender;

/* ffmpeg -re -i CLIP -map 0 -c copy -f mpegts URL, as a child of the test
 * that dies with it. The caller makes sure the URL's listener is up. */
ScdTestFfmpegSender *scd_test_ffmpeg_sender_start (const char *clip, const char *url);
ScdTestFfmpegSender *scd_test_ffmpeg_sender_start_tcp (const char *clip, guint16 port);
ScdTestFfmpegSender *scd_test_ffmpeg_sender_start_udp (const char *clip, guint16 port);
gboolean scd_test_ffmpeg_sender_is_running (ScdTestFfmpegSender *sender);
/* Waits for it to exit; TRUE if it did within the timeout. */
gboolean scd_test_ffmpeg_sender_wait (ScdTestFfmpegSender *sender, guint timeout_ms);
/* TRUE if it exited with status 0. */
gboolean scd_test_ffmpeg_sender_succeeded (ScdTestFfmpegSender *sender);
/* SIGKILL, then waits for it: the sender vanishes mid-stream. */
void scd_test_ffmpeg_sender_kill (ScdTestFfmpegSender *sender);
void scd_test_ffmpeg_sender_free (ScdTestFfmpegSender *sender);

/* --- an in-process sender ---------------------------------------------------- */

typedef struct _ScdTestSocketSender ScdTestSocketSender;

/* A thread connects (retrying until the listener is up, for up to
 * scd_test_timeout_ms (20000)), writes data (NULL: nothing) at
 * bytes_per_second (0: as fast as the peer reads), then closes the
 * connection, or with hold_open keeps it open until
 * scd_test_socket_sender_close(). */
ScdTestSocketSender *scd_test_socket_sender_start_tcp (guint16 port,
                                                       GBytes *data,
                                                       double bytes_per_second,
                                                       gboolean hold_open);
ScdTestSocketSender *scd_test_socket_sender_start_unix (const char *path,
                                                        GBytes *data,
                                                        double bytes_per_second,
                                                        gboolean hold_open);
gboolean scd_test_socket_sender_wait_connected (ScdTestSocketSender *sender, guint timeout_ms);
/* TRUE once every byte was written or the writing failed (see _error()). */
gboolean scd_test_socket_sender_wait_done (ScdTestSocketSender *sender, guint timeout_ms);
gboolean scd_test_socket_sender_is_connected (ScdTestSocketSender *sender);
gboolean scd_test_socket_sender_is_done (ScdTestSocketSender *sender);
guint64 scd_test_socket_sender_bytes_sent (ScdTestSocketSender *sender);
/* Why connecting or writing failed, or NULL. */
char *scd_test_socket_sender_dup_error (ScdTestSocketSender *sender);
/* Stops writing, closes the connection and joins the thread. */
void scd_test_socket_sender_close (ScdTestSocketSender *sender);
void scd_test_socket_sender_free (ScdTestSocketSender *sender);

GBytes *scd_test_file_bytes (const char *path);
/* Deterministic garbage: random bytes, or with ts_like 188-byte packets that
 * start with the MPEG-TS sync byte (random PIDs, flags and payloads), which
 * gets further into a demuxer. */
GBytes *scd_test_garbage_bytes (gsize size, guint32 seed, gboolean ts_like);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdTestFfmpegSender, scd_test_ffmpeg_sender_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdTestSocketSender, scd_test_socket_sender_free)

G_END_DECLS
