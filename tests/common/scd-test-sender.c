/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Live senders for the tests. A test must not connect to a listen port just
 * to see whether it is up (the service would take that for a sender), so
 * listeners are found in /proc/net, as the kernel lists them. The
 * in-process sender runs in its own thread, so the test's main context keeps
 * receiving the service's signals while it writes, and wakes the main
 * context whenever its state changes.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "scd-test-sender.h"
#include "scd-test-service.h"

#define SEND_CHUNK 1316 /* 7 TS packets, what a UDP sender puts in a datagram */

/* --- ports and listeners -------------------------------------------------- */

guint16
scd_test_free_port (gboolean udp)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) != 0
      || getsockname (fd, (struct sockaddr *) &addr, &len) != 0)
    g_error ("could not get a free %s port on 127.0.0.1: %s", udp ? "UDP" : "TCP",
             g_strerror (errno));
  close (fd);
  return ntohs (addr.sin_port);
}

char *
scd_test_tcp_listen_url (guint16 port)
{
  return g_strdup_printf ("tcp://127.0.0.1:%u?listen", port);
}

/* /proc/net/{tcp,udp}[6]: "sl local_address rem_address st ...", the
 * address as hex "ADDR:PORT". state NULL: any. */
static gboolean
proc_net_has_port (const char *file, guint16 port, const char *state)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (file, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char local[128];
      char st[8];
      const char *colon;

      if (sscanf (lines[i], " %*s %127s %*s %7s", local, st) != 2)
        continue;
      colon = strrchr (local, ':');
      if (colon == NULL || g_ascii_strtoull (colon + 1, NULL, 16) != port)
        continue;
      if (state == NULL || g_ascii_strcasecmp (st, state) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
scd_test_tcp_is_listening (guint16 port)
{
  return proc_net_has_port ("/proc/net/tcp", port, "0A")
         || proc_net_has_port ("/proc/net/tcp6", port, "0A");
}

gboolean
scd_test_udp_is_bound (guint16 port)
{
  return proc_net_has_port ("/proc/net/udp", port, NULL)
         || proc_net_has_port ("/proc/net/udp6", port, NULL);
}

/* /proc/net/unix: "Num RefCount Protocol Flags Type St Inode Path"; a
 * listening socket has __SO_ACCEPTCON (0x10000) in Flags. */
gboolean
scd_test_unix_is_listening (const char *path)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/unix", &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      unsigned int flags = 0;
      int consumed = 0;
      const char *rest;

      if (sscanf (lines[i], " %*s %*s %*s %x %*s %*s %*s %n", &flags, &consumed) < 1
          || consumed == 0)
        continue;
      rest = lines[i] + consumed;
      if ((flags & 0x10000) != 0 && g_str_equal (rest, path))
        return TRUE;
    }
  return FALSE;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
scd_test_poll_until (gboolean (*done) (gpointer data), gpointer data, guint timeout_ms)
{
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gboolean ok = scd_test_wait_until (done, data, timeout_ms);

  g_source_remove (tick);
  return ok;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
scd_test_iterate_for (guint ms)
{
  scd_test_wait_until (never, NULL, ms);
}

static gboolean
tcp_listening (gpointer data)
{
  return scd_test_tcp_is_listening ((guint16) GPOINTER_TO_UINT (data));
}

static gboolean
udp_bound (gpointer data)
{
  return scd_test_udp_is_bound ((guint16) GPOINTER_TO_UINT (data));
}

gboolean
scd_test_wait_tcp_listening (guint16 port, guint timeout_ms)
{
  return scd_test_poll_until (tcp_listening, GUINT_TO_POINTER (port), timeout_ms);
}

gboolean
scd_test_wait_udp_bound (guint16 port, guint timeout_ms)
{
  return scd_test_poll_until (udp_bound, GUINT_TO_POINTER (port), timeout_ms);
}

/* --- clips ------------------------------------------------------------------ */

/* Shots of lavfi sources that look nothing alike, at 25 fps, with MP2
 * audio as long as the video to the sample (MP2 has no encoder delay, so
 * audio and video start together), as a live sender sends MPEG-TS. Made
 * once per test program, into *@clip; NULL without ffmpeg. */
static const ScdTestClip *
ts_clip_once (const ScdTestClip **clip,
              const char *name,
              guint width,
              guint height,
              const ScdTestShot *shots,
              guint n_shots)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  ScdTestClipSpec spec = {
    .width = width,
    .height = height,
    .fps = 25,
    .shots = shots,
    .n_shots = n_shots,
    .audio_rate = 48000,
    .audio_channels = 2,
    .audio_codec = "mp2",
    .live = TRUE,
  };
  ScdTestClip *made;

  if (!scd_test_media_require_ffmpeg ())
    return NULL;
  if (*clip != NULL)
    return *clip;
  spec.path = path = g_build_filename (scd_test_media_dir (), name, NULL);
  made = scd_test_clip_build (&spec, &error);
  g_assert_no_error (error);
  scd_test_media_keep (made);
  g_test_message ("made %s", made->path);
  *clip = made;
  return made;
}

/* 9 s: cuts at 2.0, 3.8, 5.4 and 7.2 s. */
static const ScdTestShot live_shots[] = {
  { "testsrc2", 50 },   { "smptebars", 45 }, { "mandelbrot", 40 },
  { "rgbtestsrc", 45 }, { "testsrc", 45 },
};

const ScdTestClip *
scd_test_sender_live_clip (void)
{
  static const ScdTestClip *clip;

  return ts_clip_once (&clip, "live.ts", 320, 240, live_shots, G_N_ELEMENTS (live_shots));
}

/* 4 s: a cut at 2.0 s. */
static const ScdTestShot short_shots[] = {
  { "testsrc2", 50 },
  { "smptebars", 50 },
};

const ScdTestClip *
scd_test_sender_short_clip (void)
{
  static const ScdTestClip *clip;

  return ts_clip_once (&clip, "short.ts", 320, 240, short_shots, G_N_ELEMENTS (short_shots));
}

/* 1.6 s of 1280x720 under heavy grain: every frame over 200 KiB, which
 * libavformat's MPEG-TS demuxer hands on in pieces. A cut at 0.8 s. */
static const ScdTestShot large_frame_shots[] = {
  { "testsrc2", 20, "noise=alls=40:allf=t+u" },
  { "smptebars", 20, "noise=alls=40:allf=t+u" },
};

const ScdTestClip *
scd_test_sender_large_frames_clip (void)
{
  static const ScdTestClip *clip;

  return ts_clip_once (&clip, "large-frames.ts", 1280, 720, large_frame_shots,
                       G_N_ELEMENTS (large_frame_shots));
}

/* 6 s of one shot. */
static const ScdTestShot steady_shots[] = {
  { "testsrc2", 150 },
};

const ScdTestClip *
scd_test_sender_steady_clip (void)
{
  static const ScdTestClip *clip;

  return ts_clip_once (&clip, "steady.ts", 320, 240, steady_shots, G_N_ELEMENTS (steady_shots));
}

/* --- the ffmpeg CLI as a sender --------------------------------------------- */

struct _ScdTestFfmpegSender
{
  GSubprocess *process;
  char *url;
  gboolean exited;
  gboolean success;
};

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
ffmpeg_exited_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  ScdTestFfmpegSender *sender = data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  sender->exited = TRUE;
  sender->success = g_subprocess_get_if_exited (sender->process)
                    && g_subprocess_get_exit_status (sender->process) == 0;
}

ScdTestFfmpegSender *
scd_test_ffmpeg_sender_start (const char *clip, const char *url)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GError) error = NULL;
  ScdTestFfmpegSender *sender = g_new0 (ScdTestFfmpegSender, 1);
  /* ffmpeg's errors go to the test's stderr, where meson keeps them. */
  const char *argv[] = { "ffmpeg",
                         "-hide_banner",
                         "-nostdin",
                         "-loglevel",
                         "error",
                         "-re",
                         "-i",
                         clip,
                         "-map",
                         "0",
                         "-c",
                         "copy",
                         "-omit_video_pes_length",
                         "0",
                         "-f",
                         "mpegts",
                         url,
                         NULL };

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sender->url = g_strdup (url);
  sender->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (sender->process, NULL, ffmpeg_exited_cb, sender);
  g_test_message ("ffmpeg (pid %s) sends %s to %s", g_subprocess_get_identifier (sender->process),
                  clip, url);
  return sender;
}

ScdTestFfmpegSender *
scd_test_ffmpeg_sender_start_tcp (const char *clip, guint16 port)
{
  g_autofree char *url = g_strdup_printf ("tcp://127.0.0.1:%u", port);

  return scd_test_ffmpeg_sender_start (clip, url);
}

ScdTestFfmpegSender *
scd_test_ffmpeg_sender_start_udp (const char *clip, guint16 port)
{
  g_autofree char *url = g_strdup_printf ("udp://127.0.0.1:%u?pkt_size=1316", port);

  return scd_test_ffmpeg_sender_start (clip, url);
}

gboolean
scd_test_ffmpeg_sender_is_running (ScdTestFfmpegSender *sender)
{
  return !sender->exited;
}

static gboolean
ffmpeg_exited (gpointer data)
{
  return ((ScdTestFfmpegSender *) data)->exited;
}

gboolean
scd_test_ffmpeg_sender_wait (ScdTestFfmpegSender *sender, guint timeout_ms)
{
  return scd_test_wait_until (ffmpeg_exited, sender, timeout_ms);
}

gboolean
scd_test_ffmpeg_sender_succeeded (ScdTestFfmpegSender *sender)
{
  return sender->exited && sender->success;
}

void
scd_test_ffmpeg_sender_kill (ScdTestFfmpegSender *sender)
{
  if (sender->exited)
    return;
  g_subprocess_send_signal (sender->process, SIGKILL);
  if (!scd_test_ffmpeg_sender_wait (sender, scd_test_timeout_ms (10000)))
    g_error ("ffmpeg (sending to %s) did not die of SIGKILL", sender->url);
  g_test_message ("killed the ffmpeg sending to %s", sender->url);
}

void
scd_test_ffmpeg_sender_free (ScdTestFfmpegSender *sender)
{
  if (sender == NULL)
    return;
  scd_test_ffmpeg_sender_kill (sender);
  g_object_unref (sender->process);
  g_free (sender->url);
  g_free (sender);
}

/* --- an in-process sender ---------------------------------------------------- */

struct _ScdTestSocketSender
{
  GThread *thread;
  char *what; /* for messages: "127.0.0.1:1234", "/path.sock" */
  struct sockaddr_storage address;
  socklen_t address_len;
  GBytes *data;
  double bytes_per_second;
  gboolean hold_open;
  guint connect_timeout_ms;

  GMutex lock;
  GCond cond;
  /* Under lock: */
  gboolean stop;
  gboolean connected;
  gboolean written; /* all data out, or writing failed */
  gboolean finished;
  guint64 sent;
  char *error;
};

static void
sender_update (ScdTestSocketSender *sender, gboolean *flag, guint64 sent, char *error)
{
  g_mutex_lock (&sender->lock);
  if (flag != NULL)
    *flag = TRUE;
  if (sent > 0)
    sender->sent = sent;
  if (error != NULL && sender->error == NULL)
    sender->error = error;
  else
    g_free (error);
  g_mutex_unlock (&sender->lock);
  g_main_context_wakeup (NULL);
}

/* Sleeps until end_time (monotonic µs) or until asked to stop; TRUE if
 * asked to stop. */
static gboolean
sender_wait_stop (ScdTestSocketSender *sender, gint64 end_time)
{
  gboolean stop;

  g_mutex_lock (&sender->lock);
  while (!sender->stop && (end_time < 0 || g_get_monotonic_time () < end_time))
    {
      if (end_time < 0)
        g_cond_wait (&sender->cond, &sender->lock);
      else
        g_cond_wait_until (&sender->cond, &sender->lock, end_time);
    }
  stop = sender->stop;
  g_mutex_unlock (&sender->lock);
  return stop;
}

/* With a listener on an ephemeral port gone, Linux may connect a socket to
 * itself (TCP simultaneous open); that is not the service. */
static gboolean
connected_to_self (int fd)
{
  struct sockaddr_storage local, peer;
  socklen_t local_len = sizeof local, peer_len = sizeof peer;

  if (getsockname (fd, (struct sockaddr *) &local, &local_len) != 0
      || getpeername (fd, (struct sockaddr *) &peer, &peer_len) != 0)
    return FALSE;
  return local.ss_family == AF_INET && local_len == peer_len
         && memcmp (&local, &peer, local_len) == 0;
}

static int
sender_connect (ScdTestSocketSender *sender)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) sender->connect_timeout_ms * 1000;
  int last_errno = 0;

  for (;;)
    {
      int fd = socket (sender->address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

      if (fd < 0)
        {
          sender_update (sender, NULL, 0, g_strdup_printf ("socket(): %s", g_strerror (errno)));
          return -1;
        }
      if (connect (fd, (struct sockaddr *) &sender->address, sender->address_len) == 0)
        {
          if (!connected_to_self (fd))
            return fd;
          last_errno = ECONNREFUSED;
        }
      else
        last_errno = errno;
      close (fd);
      if (g_get_monotonic_time () >= deadline)
        {
          sender_update (sender, NULL, 0,
                         g_strdup_printf ("could not connect to %s within %u ms: %s", sender->what,
                                          sender->connect_timeout_ms, g_strerror (last_errno)));
          return -1;
        }
      if (sender_wait_stop (sender, g_get_monotonic_time () + 20 * 1000))
        return -1;
    }
}

static gpointer
sender_thread (gpointer data)
{
  ScdTestSocketSender *sender = data;
  struct timeval send_timeout = { 0, 100 * 1000 };
  const guint8 *bytes = NULL;
  gsize len = 0;
  gsize offset = 0;
  gint64 start;
  int fd;

  fd = sender_connect (sender);
  if (fd < 0)
    goto out;
  sender_update (sender, &sender->connected, 0, NULL);

  /* A send() blocked on a full socket returns now and then to see whether
   * the test wants us to stop. */
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
  if (sender->data != NULL)
    bytes = g_bytes_get_data (sender->data, &len);
  start = g_get_monotonic_time ();
  while (offset < len)
    {
      gsize n = MIN (SEND_CHUNK, len - offset);
      ssize_t r;

      if (sender->bytes_per_second > 0)
        {
          gint64 due = start
                       + (gint64) ((double) offset / sender->bytes_per_second * G_USEC_PER_SEC);

          if (sender_wait_stop (sender, due))
            break;
        }
      r = send (fd, bytes + offset, n, MSG_NOSIGNAL);
      if (r < 0)
        {
          if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
            {
              if (sender_wait_stop (sender, g_get_monotonic_time ()))
                break;
              continue;
            }
          sender_update (sender, NULL, 0,
                         g_strdup_printf ("writing to %s after %" G_GSIZE_FORMAT " bytes: %s",
                                          sender->what, offset, g_strerror (errno)));
          break;
        }
      offset += (gsize) r;
      sender_update (sender, NULL, offset, NULL);
    }
  sender_update (sender, &sender->written, 0, NULL);
  if (sender->hold_open)
    sender_wait_stop (sender, -1);
  close (fd);

out:
  sender_update (sender, &sender->written, 0, NULL);
  sender_update (sender, &sender->finished, 0, NULL);
  return NULL;
}

static ScdTestSocketSender *
sender_start (ScdTestSocketSender *sender,
              GBytes *data,
              double bytes_per_second,
              gboolean hold_open)
{
  g_mutex_init (&sender->lock);
  g_cond_init (&sender->cond);
  sender->data = data != NULL ? g_bytes_ref (data) : NULL;
  sender->bytes_per_second = bytes_per_second;
  sender->hold_open = hold_open;
  sender->connect_timeout_ms = scd_test_timeout_ms (20000);
  g_test_message ("sending %" G_GSIZE_FORMAT " bytes to %s%s",
                  data != NULL ? g_bytes_get_size (data) : 0, sender->what,
                  hold_open ? ", then holding the connection open" : "");
  sender->thread = g_thread_new ("scd-test-sender", sender_thread, sender);
  return sender;
}

ScdTestSocketSender *
scd_test_socket_sender_start_tcp (guint16 port,
                                  GBytes *data,
                                  double bytes_per_second,
                                  gboolean hold_open)
{
  ScdTestSocketSender *sender = g_new0 (ScdTestSocketSender, 1);
  struct sockaddr_in *addr = (struct sockaddr_in *) &sender->address;

  addr->sin_family = AF_INET;
  addr->sin_port = htons (port);
  addr->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  sender->address_len = sizeof *addr;
  sender->what = g_strdup_printf ("127.0.0.1:%u", port);
  return sender_start (sender, data, bytes_per_second, hold_open);
}

ScdTestSocketSender *
scd_test_socket_sender_start_unix (const char *path,
                                   GBytes *data,
                                   double bytes_per_second,
                                   gboolean hold_open)
{
  ScdTestSocketSender *sender = g_new0 (ScdTestSocketSender, 1);
  struct sockaddr_un *addr = (struct sockaddr_un *) &sender->address;

  g_assert_cmpuint (strlen (path), <, sizeof addr->sun_path);
  addr->sun_family = AF_UNIX;
  strcpy (addr->sun_path, path);
  sender->address_len = sizeof *addr;
  sender->what = g_strdup (path);
  return sender_start (sender, data, bytes_per_second, hold_open);
}

static gboolean
sender_connected_or_finished (gpointer data)
{
  ScdTestSocketSender *sender = data;
  gboolean done;

  g_mutex_lock (&sender->lock);
  done = sender->connected || sender->finished;
  g_mutex_unlock (&sender->lock);
  return done;
}

gboolean
scd_test_socket_sender_wait_connected (ScdTestSocketSender *sender, guint timeout_ms)
{
  scd_test_poll_until (sender_connected_or_finished, sender, timeout_ms);
  return scd_test_socket_sender_is_connected (sender);
}

gboolean
scd_test_socket_sender_is_done (ScdTestSocketSender *sender)
{
  gboolean done;

  g_mutex_lock (&sender->lock);
  done = sender->written;
  g_mutex_unlock (&sender->lock);
  return done;
}

static gboolean
sender_written (gpointer data)
{
  return scd_test_socket_sender_is_done (data);
}

gboolean
scd_test_socket_sender_wait_done (ScdTestSocketSender *sender, guint timeout_ms)
{
  return scd_test_poll_until (sender_written, sender, timeout_ms);
}

gboolean
scd_test_socket_sender_is_connected (ScdTestSocketSender *sender)
{
  gboolean connected;

  g_mutex_lock (&sender->lock);
  connected = sender->connected;
  g_mutex_unlock (&sender->lock);
  return connected;
}

guint64
scd_test_socket_sender_bytes_sent (ScdTestSocketSender *sender)
{
  guint64 sent;

  g_mutex_lock (&sender->lock);
  sent = sender->sent;
  g_mutex_unlock (&sender->lock);
  return sent;
}

char *
scd_test_socket_sender_dup_error (ScdTestSocketSender *sender)
{
  char *error;

  g_mutex_lock (&sender->lock);
  error = g_strdup (sender->error);
  g_mutex_unlock (&sender->lock);
  return error;
}

void
scd_test_socket_sender_close (ScdTestSocketSender *sender)
{
  if (sender->thread == NULL)
    return;
  g_mutex_lock (&sender->lock);
  sender->stop = TRUE;
  g_cond_broadcast (&sender->cond);
  g_mutex_unlock (&sender->lock);
  g_thread_join (g_steal_pointer (&sender->thread));
}

void
scd_test_socket_sender_free (ScdTestSocketSender *sender)
{
  if (sender == NULL)
    return;
  scd_test_socket_sender_close (sender);
  g_clear_pointer (&sender->data, g_bytes_unref);
  g_free (sender->error);
  g_free (sender->what);
  g_mutex_clear (&sender->lock);
  g_cond_clear (&sender->cond);
  g_free (sender);
}

GBytes *
scd_test_file_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

GBytes *
scd_test_garbage_bytes (gsize size, guint32 seed, gboolean ts_like)
{
  static const guint16 pids[] = { 0x0000, 0x0011, 0x0100, 0x0101, 0x1000, 0x1fff };
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint8 *bytes = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  if (ts_like)
    for (gsize p = 0; p + 188 <= size; p += 188)
      {
        guint pid = g_rand_boolean (rand) ? pids[g_rand_int_range (rand, 0, G_N_ELEMENTS (pids))]
                                          : (guint) g_rand_int_range (rand, 0, 0x2000);

        bytes[p] = 0x47;
        bytes[p + 1] = (guint8) ((bytes[p + 1] & 0xe0) | (pid >> 8));
        bytes[p + 2] = (guint8) (pid & 0xff);
      }
  return g_bytes_new_take (bytes, size);
}
