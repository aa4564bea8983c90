/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl stream: a session's live picture on standard output, as raw
 * frames or as YUV4MPEG2 (--y4m) that mpv, ffplay or ffmpeg read from a
 * pipe. The frames come over the file descriptor of OpenFrameStream();
 * only the format comes over D-Bus.
 */
#include "config.h"

#include <errno.h>
#include <gio/gunixfdlist.h>
#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <unistd.h>

#include "scenectl-commands.h"
#include "scenectl-context.h"
#include "scenectl-session.h"

static gboolean
session_has_ended (ScenectlSession *s)
{
  const char *state = scd_dbus_session_get_state (s->session);

  return g_strcmp0 (state, "stopped") == 0 || g_strcmp0 (state, "failed") == 0;
}

/* A size that follows the picture needs a picture: wait for the first
 * decoded frame (the proxy's properties follow the service's). */
static gboolean
wait_for_picture (ScenectlSession *s, GError **error)
{
  while (scd_dbus_session_get_frames_decoded (s->session) == 0)
    {
      if (session_has_ended (s))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("The session ended before it decoded a picture"));
          return FALSE;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static gboolean
write_all (const void *data, gsize size)
{
  const guint8 *p = data;

  while (size > 0)
    {
      gssize n = write (STDOUT_FILENO, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= (gsize) n;
    }
  return TRUE;
}

/* Fills @buf from @fd; FALSE at the end of the stream. */
static gboolean
read_frame (int fd, guint8 *buf, gsize size, GError **error)
{
  gsize got = 0;

  while (got < size)
    {
      gssize n = read (fd, buf + got, size - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s", g_strerror (errno));
          return FALSE;
        }
      if (n == 0)
        return FALSE;
      got += (gsize) n;
    }
  return TRUE;
}

/* The frame rate as YUV4MPEG2 wants it: a ratio of whole numbers. */
static void
fps_ratio (double fps, guint *num, guint *den)
{
  *den = fabs (fps - round (fps)) < 1e-6 ? 1 : 1000;
  *num = (guint) llround (fps * *den);
}

int
scenectl_cmd_stream (ScenectlContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (ScenectlSession) s = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) handle = NULL;
  g_autoptr (GVariant) format = NULL;
  g_autoptr (GUnixFDList) fds = NULL;
  g_autofree guint8 *frame = NULL;
  g_autofree char *pixel_format = NULL;
  int width = 0, height = 0, count = 0;
  double fps = 0.0;
  gboolean y4m = FALSE;
  guint32 out_width = 0, out_height = 0, frame_size = 0;
  double out_fps = 0.0;
  const char *out_format = "";
  GVariantDict options;
  int fd, sent = 0;
  const GOptionEntry entries[] = {
    { "width", 'W', 0, G_OPTION_ARG_INT, &width,
      N_("Frame width (0: from the height and the picture’s aspect ratio)"), N_("PIXELS") },
    { "height", 'H', 0, G_OPTION_ARG_INT, &height,
      N_("Frame height (0: from the width and the picture’s aspect ratio)"), N_("PIXELS") },
    { "fps", 'r', 0, G_OPTION_ARG_DOUBLE, &fps, N_("Frames per second (default: 30)"), N_("N") },
    { "pixel-format", 'p', 0, G_OPTION_ARG_STRING, &pixel_format,
      N_("rgb24 (default), bgr24, gray or yuv420p"), N_("FORMAT") },
    { "y4m", 0, 0, G_OPTION_ARG_NONE, &y4m,
      N_("Write YUV4MPEG2 (yuv420p frames with a header), for mpv - or ffplay -"), NULL },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("Stop after this many frames"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  optctx = scenectl_option_context_new (
      ctx, _("SESSION"),
      _("Writes the decoded picture of SESSION to standard output, frame after frame, at a "
        "constant rate, until the session ends. A reader that falls behind loses the oldest "
        "frames; the session does not wait for it."),
      entries);
  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 1, 1))
    return SCENECTL_EXIT_USAGE;
  if (width < 0 || height < 0 || count < 0)
    return scenectl_usage_error (ctx, _("Sizes and counts cannot be negative"));
  if (y4m && pixel_format != NULL && !g_str_equal (pixel_format, "yuv420p"))
    return scenectl_usage_error (ctx, _("--y4m writes yuv420p frames"));
  if (isatty (STDOUT_FILENO))
    return scenectl_usage_error (ctx, _("Standard output is a terminal: send the frames to a "
                                        "file or a pipe (e.g. “| mpv -” with --y4m)"));

  s = scenectl_session_lookup (ctx, argv[1], &error);
  if (s == NULL)
    return scenectl_report_error (ctx, error);
  if ((width == 0 || height == 0) && !wait_for_picture (s, &error))
    return scenectl_report_error (ctx, error);

  g_variant_dict_init (&options, NULL);
  g_variant_dict_insert (&options, "width", "u", (guint32) width);
  g_variant_dict_insert (&options, "height", "u", (guint32) height);
  if (fps != 0.0)
    g_variant_dict_insert (&options, "fps", "d", fps);
  if (y4m || pixel_format != NULL)
    g_variant_dict_insert (&options, "pixel-format", "s", y4m ? "yuv420p" : pixel_format);
  if (!scd_dbus_session_call_open_frame_stream_sync (s->session, g_variant_dict_end (&options),
                                                     G_DBUS_CALL_FLAGS_NONE, -1, NULL, &handle,
                                                     &format, &fds, NULL, &error))
    return scenectl_report_error (ctx, error);
  fd = g_unix_fd_list_get (fds, g_variant_get_handle (handle), &error);
  if (fd < 0)
    return scenectl_report_error (ctx, error);

  g_variant_lookup (format, "width", "u", &out_width);
  g_variant_lookup (format, "height", "u", &out_height);
  g_variant_lookup (format, "frame-size", "u", &frame_size);
  g_variant_lookup (format, "fps", "d", &out_fps);
  g_variant_lookup (format, "pixel-format", "&s", &out_format);
  /* TRANSLATORS: width x height, pixel format, frames per second, bytes */
  g_printerr (_("Streaming %ux%u %s at %g frames a second, %u bytes a frame\n"), out_width,
              out_height, out_format, out_fps, frame_size);

  /* A reader that goes away (mpv closed) is the end, not an error. */
  signal (SIGPIPE, SIG_IGN);
  if (y4m)
    {
      guint num, den;
      g_autofree char *header = NULL;

      fps_ratio (out_fps, &num, &den);
      header = g_strdup_printf ("YUV4MPEG2 W%u H%u F%u:%u Ip A1:1 C420jpeg\n", out_width,
                                out_height, num, den);
      if (!write_all (header, strlen (header)))
        {
          close (fd);
          return SCENECTL_EXIT_OK;
        }
    }
  frame = g_malloc (frame_size);
  while ((count == 0 || sent < count) && read_frame (fd, frame, frame_size, &error))
    {
      if ((y4m && !write_all ("FRAME\n", 6)) || !write_all (frame, frame_size))
        break;
      sent++;
    }
  close (fd);
  if (error != NULL)
    return scenectl_report_error (ctx, error);
  return SCENECTL_EXIT_OK;
}
