/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every blocking libav call here (accept, connect, read, probe) is cut
 * short by the AVIOInterruptCB when the session's GCancellable fires.
 *
 * Each source may use only the protocols it needs: a file reads that file
 * and nothing else, so no playlist or reference inside it can pull in
 * another protocol; a URL gets its own protocol and what carries it.
 *
 * Live sources are probed briefly (half a second of media, 1 MB at most)
 * so a sender is analysed soon after it connects. The probed packets stay
 * in libavformat's buffer and are read like any other: nothing is lost to
 * the probe, in the analysis or in the recording.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "scd-error.h"
#include "scd-libav.h"
#include "scd-source.h"
#include "scd-ts-framer.h"
#include "scd-ts-reader.h"

/* Whether the session waits for senders (and so waits again after one
 * leaves) rather than connecting out. */
gboolean
scd_source_is_listener (const ScdSessionOptions *options)
{
  const ScdUrlScheme *scheme = scd_url_scheme_find (options->source);

  if (scheme == NULL)
    return FALSE;
  if (g_str_equal (scheme->prefix, "tcp://"))
    return scd_url_has_listen_option (options->source);
  return scheme->listener;
}

/* Whether this FFmpeg can open the source at all; a session that could
 * never open its source is refused up front rather than retried forever. */
gboolean
scd_source_check_available (const ScdSessionOptions *options, GError **error)
{
  const ScdUrlScheme *scheme = scd_url_scheme_find (options->source);
  gboolean available;

  if (options->source_kind != SCD_SOURCE_KIND_URL)
    return TRUE;
  if (scheme != NULL && g_str_equal (scheme->prefix, "rtsp://"))
    available = av_find_input_format ("rtsp") != NULL;
  else
    available = scheme != NULL && avio_find_protocol_name (options->source) != NULL;
  if (!available)
    g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED,
                 _("This FFmpeg cannot open “%s” sources"),
                 scheme != NULL ? scheme->prefix : options->source);
  return available;
}

static int
interrupt_cb (void *opaque)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (opaque));
}

/* Whether nobody listens on the socket at @path: connecting is refused. */
static gboolean
socket_is_stale (const char *path)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  int fd, ret, saved_errno;

  if (strlen (path) >= sizeof address.sun_path)
    return FALSE;
  strcpy (address.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    return FALSE;
  ret = connect (fd, (const struct sockaddr *) &address, sizeof address);
  saved_errno = errno;
  close (fd);
  return ret < 0 && saved_errno == ECONNREFUSED;
}

/* A Unix socket left by a run that did not end cleanly would make bind()
 * fail, and is removed; anything else at the path is not ours to delete:
 * a socket some program listens on (once, scened took over the session
 * bus's own), another user's, or anything but a socket. */
static gboolean
prepare_unix_socket (const char *path, GError **error)
{
  GStatBuf st;

  if (!g_path_is_absolute (path))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a relative path; give an absolute path"), path);
      return FALSE;
    }
  if (g_lstat (path, &st) != 0)
    return TRUE;
  if (!S_ISSOCK (st.st_mode))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                   _("“%s” exists and is not a socket"), path);
      return FALSE;
    }
  if (st.st_uid != geteuid () || !socket_is_stale (path))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                   _("“%s” is a socket another program listens on or owns"), path);
      return FALSE;
    }
  g_unlink (path);
  return TRUE;
}

static void
set_error_for (int ret, const char *source, GError **error)
{
  if (ret == AVERROR (ENOENT))
    g_set_error (error, SCD_ERROR, SCD_ERROR_NOT_FOUND, _("“%s” does not exist"), source);
  else if (ret == AVERROR_INVALIDDATA)
    g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                 _("“%s” is not a media file scened can read"), source);
  else
    scd_set_av_error (error, SCD_ERROR_SOURCE_UNAVAILABLE, ret, source);
}

/* Demuxers that take any bytes for their format, by the file's name
 * alone, and draw them as text art: random bytes named .bin or a text file
 * named .txt would make a "video". */
static const char *const text_art_formats[] = { "tty", "bin", "xbin", "adf", "idf" };

/* Whether what libavformat made of @input is media, not a guess: a file
 * whose format was found with a score as low as AVPROBE_SCORE_RETRY (the
 * mp3 demuxer's "maybe" for bytes with no header) is random bytes as far as
 * a session is concerned. A live sender's first bytes may be cut short, so
 * the score is only checked for files. */
static gboolean
is_media (const AVFormatContext *input, const ScdSessionOptions *options)
{
  for (gsize i = 0; i < G_N_ELEMENTS (text_art_formats); i++)
    if (g_str_equal (input->iformat->name, text_art_formats[i]))
      return FALSE;
  return options->source_kind != SCD_SOURCE_KIND_FILE || input->probe_score > AVPROBE_SCORE_RETRY;
}

/* Errors of bind() and of the path of a listener's socket: no sender
 * will ever reach it. */
static gboolean
cannot_listen (int ret)
{
  const int errors[] = { EADDRINUSE, EADDRNOTAVAIL, EACCES, EPERM, ENOENT,
                         ENOTDIR,    EISDIR,        ELOOP,  EROFS, ENAMETOOLONG };

  for (gsize i = 0; i < G_N_ELEMENTS (errors); i++)
    if (ret == AVERROR (errors[i]))
      return TRUE;
  return FALSE;
}

/* Whether @input, just opened, is media, and its streams could be found. */
static gboolean
find_streams (AVFormatContext *input, const ScdSessionOptions *options, GError **error)
{
  int ret;

  if (!is_media (input, options))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_SOURCE_UNAVAILABLE,
                   _("“%s” is not a media file scened can read"), options->source);
      return FALSE;
    }
  if (options->source_kind != SCD_SOURCE_KIND_FILE)
    scd_ts_framer_prepare (input);
  ret = avformat_find_stream_info (input, NULL);
  if (ret < 0)
    {
      scd_set_av_error (error, SCD_ERROR_SOURCE_UNAVAILABLE, ret,
                        _("Could not find the streams of the source"));
      return FALSE;
    }
  return TRUE;
}

AVFormatContext *
scd_source_open (const ScdSessionOptions *options,
                 GCancellable *cancellable,
                 ScdTsReader **reader,
                 gboolean *never,
                 GError **error)
{
  g_autoptr (AVFormatContext) input = avformat_alloc_context ();
  const ScdUrlScheme *scheme = scd_url_scheme_find (options->source);
  const char *url = options->source;
  AVDictionary *dict = NULL;
  int ret;

  *never = FALSE;
  input->interrupt_callback.callback = interrupt_cb;
  input->interrupt_callback.opaque = cancellable;

  if (options->source_kind == SCD_SOURCE_KIND_FILE)
    av_dict_set (&dict, "protocol_whitelist", "file", 0);
  else if (scheme != NULL)
    {
      av_dict_set (&dict, "protocol_whitelist", scheme->protocols, 0);
      if (g_str_equal (scheme->prefix, "unix:"))
        {
          if (!prepare_unix_socket (url + strlen ("unix:"), error))
            {
              av_dict_free (&dict);
              *never = TRUE;
              return NULL;
            }
          av_dict_set (&dict, "listen", "1", 0);
        }
      /* A sender that stays silent this long is dropped (libavformat's
       * reads fail with ETIMEDOUT), so that a listener takes the next. */
      if (options->sender_timeout > 0)
        av_dict_set_int (&dict, "rw_timeout", (int64_t) (options->sender_timeout * AV_TIME_BASE),
                         0);
      input->probesize = 1 << 20;
      input->max_analyze_duration = AV_TIME_BASE / 2;
    }
  else
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_UNSUPPORTED, _("Unsupported source “%s”"), url);
      return NULL;
    }

  *reader = NULL;
  if (options->source_kind != SCD_SOURCE_KIND_FILE && scheme->byte_stream)
    {
      /* Read through scened's own AVIOContext (scd-ts-reader.c). */
      *reader = scd_ts_reader_open (url, &input->interrupt_callback, &dict, &ret);
      if (*reader != NULL)
        {
          input->pb = scd_ts_reader_get_io (*reader);
          input->flags |= AVFMT_FLAG_CUSTOM_IO;
          /* The demuxer gets the same protocols as the stream: a playlist
           * a sender sends (HLS) opens nothing else, no local file. */
          input->protocol_whitelist = av_strdup (scheme->protocols);
          ret = input->protocol_whitelist == NULL ? AVERROR (ENOMEM)
                                                  : avformat_open_input (&input, url, NULL, NULL);
        }
    }
  else
    ret = avformat_open_input (&input, url, NULL, &dict);
  av_dict_free (&dict);
  if (ret < 0)
    {
      set_error_for (ret, url, error);
      *never = scd_source_is_listener (options) && cannot_listen (ret);
      g_clear_pointer (reader, scd_ts_reader_free);
      return NULL;
    }

  if (!find_streams (input, options, error))
    {
      /* The input reads through the reader: it goes first. */
      g_clear_pointer (&input, scd_av_format_context_close);
      g_clear_pointer (reader, scd_ts_reader_free);
      return NULL;
    }
  if (*reader != NULL)
    scd_ts_reader_arm (*reader, input);
  return g_steal_pointer (&input);
}
