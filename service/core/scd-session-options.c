/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Manager.CreateSession options. Everything a caller can get wrong is
 * refused here with InvalidArgument (or Unsupported for what this build
 * cannot do yet), before any directory is made or any byte is read.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "scd-error.h"
#include "scd-option-spec.h"
#include "scd-session-options.h"

/* Longest accepted chunk: an hour of audio is already more than any
 * speech-to-text engine wants in one piece. */
#define MAX_CHUNK_SECONDS 3600.0
#define MIN_CHUNK_SECONDS 0.1
#define MAX_SCENE_SECONDS 86400.0

static const ScdOptionSpec option_specs[] = {
  { "source", G_VARIANT_TYPE_STRING },
  { "name", G_VARIANT_TYPE_STRING },
  { "audio-source", G_VARIANT_TYPE_STRING },
  { "record", G_VARIANT_TYPE_BOOLEAN },
  { "realtime", G_VARIANT_TYPE_BOOLEAN },
  { "exit-with-caller", G_VARIANT_TYPE_BOOLEAN },
  { "hwaccel", G_VARIANT_TYPE_STRING },
  { "scene-threshold", G_VARIANT_TYPE_DOUBLE },
  { "min-scene-length", G_VARIANT_TYPE_DOUBLE },
  { "max-frame-interval", G_VARIANT_TYPE_DOUBLE },
  { "audio-chunk-seconds", G_VARIANT_TYPE_DOUBLE },
  { "audio-sample-rate", G_VARIANT_TYPE_UINT32 },
  { "audio-channels", G_VARIANT_TYPE_UINT32 },
};

/* The URL schemes PRODUCT.md names; anything else (concat:, subfile:,
 * data:, file:...) could read what the caller has no business reading. */
static const char *const url_schemes[] = {
  "tcp://", "udp://", "unix:", "rtmp://", "rtsp://", "srt://", "http://", "https://",
};

void
scd_session_options_free (ScdSessionOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->source);
  g_free (options->name);
  g_free (options->audio_source);
  g_free (options->hwaccel);
  g_free (options);
}

static void
replace_string (char **field, GVariant *value)
{
  g_free (*field);
  *field = g_variant_dup_string (value, NULL);
}

gboolean
scd_session_options_check_threshold (double value, GError **error)
{
  if (!isfinite (value) || value < 0.0 || value > 100.0)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("The scene threshold must be between 0 and 100, not %g"), value);
      return FALSE;
    }
  return TRUE;
}

/* A scene timing (min-scene-length, max-frame-interval): up to a day. */
gboolean
scd_session_options_check_seconds (const char *what, double value, GError **error)
{
  if (!isfinite (value) || value < 0.0 || value > MAX_SCENE_SECONDS)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("“%s” must be between 0 and %g seconds, not %g"), what, MAX_SCENE_SECONDS,
                   value);
      return FALSE;
    }
  return TRUE;
}

gboolean
scd_session_options_check_chunk_seconds (double value, GError **error)
{
  if (!isfinite (value) || value < MIN_CHUNK_SECONDS || value > MAX_CHUNK_SECONDS)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("The audio chunk length must be between %g and %g seconds, not %g"),
                   MIN_CHUNK_SECONDS, MAX_CHUNK_SECONDS, value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_source (ScdSessionOptions *opts, GError **error)
{
  const char *source = opts->source;

  if (source == NULL || *source == '\0')
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("The “source” option is required"));
      return FALSE;
    }
  if (!g_utf8_validate (source, -1, NULL))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("The source is not valid UTF-8"));
      return FALSE;
    }

  if (g_path_is_absolute (source))
    {
      opts->source_kind = SCD_SOURCE_KIND_FILE;
      return TRUE;
    }
  if (g_str_equal (source, "pulse:") || g_str_has_prefix (source, "pulse:"))
    {
      opts->source_kind = SCD_SOURCE_KIND_PULSE;
      return TRUE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (url_schemes); i++)
    if (g_str_has_prefix (source, url_schemes[i]))
      {
        opts->source_kind = SCD_SOURCE_KIND_URL;
        return TRUE;
      }

  if (strchr (source, ':') != NULL)
    g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                 _("Unsupported source “%s”: give an absolute file path or a tcp://, udp://, "
                   "unix:, rtmp://, rtsp://, srt://, http(s):// or pulse: source"),
                 source);
  else
    g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                 _("The source “%s” is a relative path; give an absolute path"), source);
  return FALSE;
}

static gboolean
check_one_of (const char *key, const char *value, const char *const *allowed, GError **error)
{
  if (g_strv_contains (allowed, value))
    return TRUE;
  g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("Unknown value “%s” for “%s”"),
               value, key);
  return FALSE;
}

static gboolean
validate (ScdSessionOptions *opts, GError **error)
{
  static const char *const hwaccels[] = { "auto", "cuda", "none", NULL };

  if (!parse_source (opts, error))
    return FALSE;
  if (!check_one_of ("hwaccel", opts->hwaccel, hwaccels, error))
    return FALSE;
  if (!g_str_equal (opts->audio_source, "stream") && !g_str_equal (opts->audio_source, "none")
      && !g_str_has_prefix (opts->audio_source, "pulse:"))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("Unknown value “%s” for “%s”"),
                   opts->audio_source, "audio-source");
      return FALSE;
    }
  if (!scd_session_options_check_threshold (opts->scene_threshold, error)
      || !scd_session_options_check_seconds ("min-scene-length", opts->min_scene_length, error)
      || !scd_session_options_check_seconds ("max-frame-interval", opts->max_frame_interval, error)
      || !scd_session_options_check_chunk_seconds (opts->audio_chunk_seconds, error))
    return FALSE;
  if (opts->audio_sample_rate < 8000 || opts->audio_sample_rate > 192000)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("The audio sample rate must be between 8000 and 192000, not %u"),
                   opts->audio_sample_rate);
      return FALSE;
    }
  if (opts->audio_channels < 1 || opts->audio_channels > 2)
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("The audio channel count must be 1 or 2, not %u"), opts->audio_channels);
      return FALSE;
    }
  if (opts->name != NULL && !g_utf8_validate (opts->name, -1, NULL))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("The name is not valid UTF-8"));
      return FALSE;
    }
  return TRUE;
}

ScdSessionOptions *
scd_session_options_parse (GVariant *options, GError **error)
{
  g_autoptr (ScdSessionOptions) opts = g_new0 (ScdSessionOptions, 1);
  gboolean record_set = FALSE;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (g_variant_is_of_type (options, G_VARIANT_TYPE_VARDICT), NULL);

  opts->audio_source = g_strdup ("stream");
  opts->hwaccel = g_strdup ("auto");
  opts->scene_threshold = SCD_DEFAULT_SCENE_THRESHOLD;
  opts->min_scene_length = SCD_DEFAULT_MIN_SCENE_LENGTH;
  opts->max_frame_interval = SCD_DEFAULT_MAX_FRAME_INTERVAL;
  opts->audio_chunk_seconds = SCD_DEFAULT_AUDIO_CHUNK_SECONDS;
  opts->audio_sample_rate = SCD_DEFAULT_AUDIO_SAMPLE_RATE;
  opts->audio_channels = SCD_DEFAULT_AUDIO_CHANNELS;

  if (!scd_option_spec_check (option_specs, G_N_ELEMENTS (option_specs), options, error))
    return NULL;
  g_variant_iter_init (&iter, options);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      if (g_str_equal (key, "source"))
        replace_string (&opts->source, value);
      else if (g_str_equal (key, "name"))
        replace_string (&opts->name, value);
      else if (g_str_equal (key, "audio-source"))
        replace_string (&opts->audio_source, value);
      else if (g_str_equal (key, "record"))
        {
          opts->record = g_variant_get_boolean (value);
          record_set = TRUE;
        }
      else if (g_str_equal (key, "realtime"))
        opts->realtime = g_variant_get_boolean (value);
      else if (g_str_equal (key, "exit-with-caller"))
        opts->exit_with_caller = g_variant_get_boolean (value);
      else if (g_str_equal (key, "hwaccel"))
        replace_string (&opts->hwaccel, value);
      else if (g_str_equal (key, "scene-threshold"))
        opts->scene_threshold = g_variant_get_double (value);
      else if (g_str_equal (key, "min-scene-length"))
        opts->min_scene_length = g_variant_get_double (value);
      else if (g_str_equal (key, "max-frame-interval"))
        opts->max_frame_interval = g_variant_get_double (value);
      else if (g_str_equal (key, "audio-chunk-seconds"))
        opts->audio_chunk_seconds = g_variant_get_double (value);
      else if (g_str_equal (key, "audio-sample-rate"))
        opts->audio_sample_rate = g_variant_get_uint32 (value);
      else if (g_str_equal (key, "audio-channels"))
        opts->audio_channels = g_variant_get_uint32 (value);
    }

  if (!validate (opts, error))
    return NULL;

  /* Live sources are recorded unless told otherwise; files are not. */
  if (!record_set)
    opts->record = opts->source_kind != SCD_SOURCE_KIND_FILE;

  /* A file is known by its name; a URL by itself. */
  if (opts->name == NULL)
    opts->name = opts->source_kind == SCD_SOURCE_KIND_FILE ? g_path_get_basename (opts->source)
                                                           : g_strdup (opts->source);

  return g_steal_pointer (&opts);
}
