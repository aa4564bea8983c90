/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Manager.CreateSession options. Everything a caller can get wrong is
 * refused here with InvalidArgument (or Unsupported for what this build
 * cannot do yet), before any directory is made or any byte is read.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "scd-error.h"
#include "scd-option-check.h"
#include "scd-option-table.h"
#include "scd-listen-address.h"
#include "scd-session-options.h"

void
scd_session_options_free (ScdSessionOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->source);
  g_free (options->name);
  g_free (options->audio_pulse_name);
  g_free (options);
}

/* Every option at its default (common/scd-option-table.c); no source. */
ScdSessionOptions *
scd_session_options_new (void)
{
  ScdSessionOptions *opts = g_new0 (ScdSessionOptions, 1);
  G_GNUC_UNUSED gboolean known;

  known = scd_audio_source_from_string (scd_session_option ("audio-source")->default_string,
                                        &opts->audio_source, &opts->audio_pulse_name);
  g_assert (known);
  known = scd_hwaccel_from_string (scd_session_option ("hwaccel")->default_string, &opts->hwaccel);
  g_assert (known);
  opts->scene_threshold = scd_session_option ("scene-threshold")->default_number;
  opts->min_scene_length = scd_session_option ("min-scene-length")->default_number;
  opts->max_frame_interval = scd_session_option ("max-frame-interval")->default_number;
  opts->settle_seconds = scd_session_option ("settle-seconds")->default_number;
  opts->audio_chunk_seconds = scd_session_option ("audio-chunk-seconds")->default_number;
  opts->audio_chunk_min = scd_session_option ("audio-chunk-min")->default_number;
  opts->audio_chunk_max = scd_session_option ("audio-chunk-max")->default_number;
  opts->audio_sample_rate = (guint) scd_session_option ("audio-sample-rate")->default_number;
  opts->audio_channels = (guint) scd_session_option ("audio-channels")->default_number;
  opts->connect_timeout = scd_session_option ("connect-timeout")->default_number;
  opts->sender_timeout = scd_session_option ("sender-timeout")->default_number;
  return opts;
}

ScdSessionOptions *
scd_session_options_copy (const ScdSessionOptions *options)
{
  ScdSessionOptions *copy = g_memdup2 (options, sizeof *options);

  copy->source = g_strdup (options->source);
  copy->name = g_strdup (options->name);
  copy->audio_pulse_name = g_strdup (options->audio_pulse_name);
  return copy;
}

/* The PulseAudio source to capture ("" for the default one), or NULL when
 * the session takes no audio from PulseAudio. */
const char *
scd_session_options_pulse_source (const ScdSessionOptions *options)
{
  if (options->source_kind == SCD_SOURCE_KIND_PULSE)
    return options->source + strlen (SCD_PULSE_PREFIX);
  if (options->audio_source == SCD_AUDIO_SOURCE_PULSE)
    return options->audio_pulse_name;
  return NULL;
}

/* The "audio-source" option as given: "stream", "none" or "pulse:NAME". */
char *
scd_session_options_audio_source (const ScdSessionOptions *options)
{
  return scd_audio_source_to_string (options->audio_source, options->audio_pulse_name);
}

static void
replace_string (char **field, GVariant *value)
{
  g_free (*field);
  *field = g_variant_dup_string (value, NULL);
}

/* A number CreateSession takes, or a setting written later over D-Bus:
 * in the range of option @key. */
gboolean
scd_session_options_check (const char *key, double value, GError **error)
{
  return scd_option_check_range (scd_session_option (key), value, error);
}

static void
unknown_value (const char *key, const char *value, GError **error)
{
  g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT, _("Unknown value “%s” for “%s”"),
               value, key);
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

  if (scd_source_kind_of (source, &opts->source_kind))
    {
      /* A "pulse:" source may name two, as audio-source may. */
      if (opts->source_kind == SCD_SOURCE_KIND_PULSE
          && scd_pulse_sources_split (source + strlen (SCD_PULSE_PREFIX), NULL, NULL) == 0)
        {
          unknown_value ("source", source, error);
          return FALSE;
        }
      return TRUE;
    }
  if (strchr (source, ':') != NULL)
    {
      g_autofree char *schemes = scd_url_schemes_list ();

      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("Unsupported source “%s”: give an absolute file path, a pulse: source or a "
                     "URL that starts with %s"),
                   source, schemes);
    }
  else
    g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                 _("The source “%s” is a relative path; give an absolute path"), source);
  return FALSE;
}

static gboolean
validate (ScdSessionOptions *opts, GError **error)
{
  if (!parse_source (opts, error)
      || !scd_listen_address_check (&opts->source, opts->listen_public, error))
    return FALSE;
  if (!scd_session_options_check ("scene-threshold", opts->scene_threshold, error)
      || !scd_session_options_check ("min-scene-length", opts->min_scene_length, error)
      || !scd_session_options_check ("max-frame-interval", opts->max_frame_interval, error)
      || !scd_session_options_check ("settle-seconds", opts->settle_seconds, error)
      || !scd_session_options_check ("audio-chunk-seconds", opts->audio_chunk_seconds, error)
      || !scd_session_options_check ("audio-chunk-min", opts->audio_chunk_min, error)
      || !scd_session_options_check ("audio-chunk-max", opts->audio_chunk_max, error)
      || !scd_session_options_check ("audio-sample-rate", opts->audio_sample_rate, error)
      || !scd_session_options_check ("audio-channels", opts->audio_channels, error)
      || !scd_session_options_check ("connect-timeout", opts->connect_timeout, error)
      || !scd_session_options_check ("sender-timeout", opts->sender_timeout, error))
    return FALSE;
  if ((opts->audio_chunk_min > 0.0 && opts->audio_chunk_min > opts->audio_chunk_seconds)
      || (opts->audio_chunk_max > 0.0 && opts->audio_chunk_max < opts->audio_chunk_seconds))
    {
      g_set_error (error, SCD_ERROR, SCD_ERROR_INVALID_ARGUMENT,
                   _("“audio-chunk-min” must not exceed “audio-chunk-seconds”, nor "
                     "“audio-chunk-seconds” “audio-chunk-max”"));
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
  g_autoptr (ScdSessionOptions) opts = scd_session_options_new ();
  gboolean record_set = FALSE;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (g_variant_is_of_type (options, G_VARIANT_TYPE_VARDICT), NULL);

  if (!scd_option_check (&scd_create_session_options, options, error))
    return NULL;
  g_variant_iter_init (&iter, options);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr (GVariant) owned = value;

      if (g_str_equal (key, "source"))
        replace_string (&opts->source, value);
      else if (g_str_equal (key, "name"))
        replace_string (&opts->name, value);
      else if (g_str_equal (key, "audio-source"))
        {
          const char *text = g_variant_get_string (value, NULL);

          g_clear_pointer (&opts->audio_pulse_name, g_free);
          if (!scd_audio_source_from_string (text, &opts->audio_source, &opts->audio_pulse_name))
            {
              unknown_value (key, text, error);
              return NULL;
            }
        }
      else if (g_str_equal (key, "record"))
        {
          opts->record = g_variant_get_boolean (value);
          record_set = TRUE;
        }
      else if (g_str_equal (key, "realtime"))
        opts->realtime = g_variant_get_boolean (value);
      else if (g_str_equal (key, "shared"))
        opts->shared = g_variant_get_boolean (value);
      else if (g_str_equal (key, "listen-public"))
        opts->listen_public = g_variant_get_boolean (value);
      else if (g_str_equal (key, "exit-with-caller"))
        opts->exit_with_caller = g_variant_get_boolean (value);
      else if (g_str_equal (key, "hwaccel"))
        {
          const char *text = g_variant_get_string (value, NULL);

          if (!scd_hwaccel_from_string (text, &opts->hwaccel))
            {
              unknown_value (key, text, error);
              return NULL;
            }
        }
      else if (g_str_equal (key, "scene-threshold"))
        opts->scene_threshold = g_variant_get_double (value);
      else if (g_str_equal (key, "min-scene-length"))
        opts->min_scene_length = g_variant_get_double (value);
      else if (g_str_equal (key, "max-frame-interval"))
        opts->max_frame_interval = g_variant_get_double (value);
      else if (g_str_equal (key, "settle-seconds"))
        opts->settle_seconds = g_variant_get_double (value);
      else if (g_str_equal (key, "exclude-regions"))
        {
          if (!scd_regions_set_exclude (&opts->regions, value, error))
            return NULL;
        }
      else if (g_str_equal (key, "watch-region"))
        {
          if (!scd_regions_set_watch (&opts->regions, value, error))
            return NULL;
        }
      else if (g_str_equal (key, "audio-chunk-seconds"))
        opts->audio_chunk_seconds = g_variant_get_double (value);
      else if (g_str_equal (key, "audio-chunk-min"))
        opts->audio_chunk_min = g_variant_get_double (value);
      else if (g_str_equal (key, "audio-chunk-max"))
        opts->audio_chunk_max = g_variant_get_double (value);
      else if (g_str_equal (key, "audio-sample-rate"))
        opts->audio_sample_rate = g_variant_get_uint32 (value);
      else if (g_str_equal (key, "audio-channels"))
        opts->audio_channels = g_variant_get_uint32 (value);
      else if (g_str_equal (key, "connect-timeout"))
        opts->connect_timeout = g_variant_get_double (value);
      else if (g_str_equal (key, "sender-timeout"))
        opts->sender_timeout = g_variant_get_double (value);
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
