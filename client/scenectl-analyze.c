/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl analyze FILE and scenectl record SOURCE: create a session,
 * follow it and print every frame and chunk as it comes. They are one
 * loop: record is analyze on a live source that only ends with Ctrl-C.
 *
 * The signals are subscribed before Start(), so nothing is missed; and
 * when the session ends the client asks ListFrames/ListChunks for any
 * entry past the last one it printed, so the output is complete even if a
 * signal raced the final state change.
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "scenectl-commands.h"
#include "scenectl-context.h"
#include "scenectl-output.h"
#include "scenectl-session.h"
#include "scenectl-values.h"

typedef struct
{
  ScenectlContext *ctx;
  GMainLoop *loop;
  ScenectlSession *session;
  char *last_state;
  guint next_frame;
  guint next_chunk;
  guint interrupts;
  gboolean progress_tty;
  gboolean progress_shown;
  gboolean finished;
  gboolean whole_or_partial; /* analyze: a stop before the end is a partial result */
  int exit_status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->session, scenectl_session_free);
  g_clear_pointer (&run->last_state, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
progress_clear (Run *run)
{
  if (!run->progress_shown)
    return;
  g_printerr ("\r\033[K");
  run->progress_shown = FALSE;
}

static void
progress_draw (Run *run)
{
  ScdDbusSession *session = run->session->session;
  double progress = scd_dbus_session_get_progress (session);
  double position = scd_dbus_session_get_position (session);
  g_autofree char *frames = NULL;
  g_autofree char *chunks = NULL;

  if (!run->progress_tty || run->finished)
    return;

  frames = g_strdup_printf (ngettext ("%u frame", "%u frames", run->next_frame), run->next_frame);
  chunks = g_strdup_printf (ngettext ("%u chunk", "%u chunks", run->next_chunk), run->next_chunk);

  g_printerr ("\r\033[K");
  if (progress >= 0.0)
    g_printerr ("%5.1f%%  ", progress * 100.0);
  /* Translators: the progress line of scenectl analyze and record:
   * seconds of the source processed, frames written, chunks written. */
  g_printerr (_("%.1fs  %s  %s"), position, frames, chunks);
  run->progress_shown = TRUE;
}

/* Prints one event line; the progress line on stderr is taken down
 * first so that the two never share a terminal line. */
static void
print_event_text (Run *run, const char *line)
{
  progress_clear (run);
  g_print ("%s\n", line);
  fflush (stdout);
}

static guint *
next_index (Run *run, ScenectlEntries kind)
{
  return kind == SCENECTL_ENTRIES_FRAMES ? &run->next_frame : &run->next_chunk;
}

static void
print_entry (Run *run, ScenectlEntries kind, GVariant *entry)
{
  guint *next = next_index (run, kind);
  guint32 index = *next;

  /* Entries already printed (from a signal, before a catch-up
   * ListFrames or ListChunks) are skipped by their index. */
  if (g_variant_lookup (entry, "index", "u", &index) && index < *next)
    return;
  *next = index + 1;

  if (run->ctx->json)
    {
      g_autoptr (JsonObject) object = scenectl_json_event_new (
          kind == SCENECTL_ENTRIES_FRAMES ? "frame" : "chunk", entry);

      scenectl_print_json_object (object, FALSE);
    }
  else
    {
      g_autofree char *line = kind == SCENECTL_ENTRIES_FRAMES ? scenectl_format_frame (entry)
                                                              : scenectl_format_chunk (entry);

      print_event_text (run, line);
    }
}

static void
print_entries (Run *run, ScenectlEntries kind, GVariant *entries)
{
  GVariantIter iter;
  GVariant *entry;

  g_variant_iter_init (&iter, entries);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      print_entry (run, kind, entry);
      g_variant_unref (entry);
    }
}

static void
print_state (Run *run, const char *state)
{
  const char *error = scd_dbus_session_get_error (run->session->session);

  if (run->ctx->json)
    {
      g_autoptr (JsonObject) object = scenectl_json_event_new ("state", NULL);

      json_object_set_string_member (object, "state", state);
      if (error != NULL && *error != '\0')
        json_object_set_string_member (object, "error", error);
      scenectl_print_json_object (object, FALSE);
    }
  else
    {
      /* Translators: a session changed state; the state name (running,
       * stopped...) is not translated. */
      g_autofree char *line = g_strdup_printf (_("state %s"), state);

      print_event_text (run, line);
    }
}

/* Whatever a signal may have missed: entries past the last one printed. */
static void
catch_up (Run *run)
{
  const ScenectlEntries kinds[] = { SCENECTL_ENTRIES_FRAMES, SCENECTL_ENTRIES_CHUNKS };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      guint *next = next_index (run, kinds[i]);

      for (;;)
        {
          g_autoptr (GVariant) entries = NULL;
          g_autoptr (GError) error = NULL;
          guint before = *next;

          if (!scenectl_session_list_entries (run->session, kinds[i], *next, 1000, &entries,
                                              &error))
            {
              g_debug ("%s: %s", kinds[i] == SCENECTL_ENTRIES_FRAMES ? "ListFrames" : "ListChunks",
                       error->message);
              break;
            }
          print_entries (run, kinds[i], entries);
          if (*next == before)
            break;
        }
    }
}

static void
finish (Run *run, const char *state)
{
  if (run->finished)
    return;

  catch_up (run);
  if (g_strcmp0 (run->last_state, state) != 0)
    {
      g_free (run->last_state);
      run->last_state = g_strdup (state);
      print_state (run, state);
    }
  progress_clear (run);
  run->finished = TRUE;

  if (g_str_equal (state, "failed"))
    {
      const char *error = scd_dbus_session_get_error (run->session->session);

      g_printerr ("%s: ", g_get_prgname ());
      g_printerr (_("The session failed: %s"),
                  error != NULL && *error != '\0' ? error : _("unknown error"));
      g_printerr ("\n");
      run->exit_status = SCENECTL_EXIT_ERROR;
    }
  else if (run->interrupts > 0 && run->whole_or_partial)
    {
      double progress = scd_dbus_session_get_progress (run->session->session);

      g_printerr ("%s: ", g_get_prgname ());
      /* Translators: %.0f is how much of the file was analysed, in percent. */
      g_printerr (_("Interrupted: the analysis is partial (%.0f %% of the file)"),
                  CLAMP (progress, 0.0, 1.0) * 100.0);
      g_printerr ("\n");
      run->exit_status = SCENECTL_EXIT_INTERRUPTED;
    }
  else
    {
      run->exit_status = SCENECTL_EXIT_OK;
    }

  g_main_loop_quit (run->loop);
}

static void
fail (Run *run, GError *error)
{
  if (run->finished)
    return;

  progress_clear (run);
  run->finished = TRUE;
  run->exit_status = scenectl_report_error (run->ctx, error);
  g_main_loop_quit (run->loop);
}

static void
check_state (Run *run)
{
  const char *state = scd_dbus_session_get_state (run->session->session);

  if (state == NULL || run->finished)
    return;

  if (g_str_equal (state, "stopped") || g_str_equal (state, "failed"))
    {
      finish (run, state);
      return;
    }

  if (g_strcmp0 (run->last_state, state) != 0)
    {
      g_free (run->last_state);
      run->last_state = g_strdup (state);
      print_state (run, state);
    }
}

static void
on_properties_changed (GDBusProxy *proxy, GVariant *changed, GStrv invalidated, gpointer user_data)
{
  Run *run = user_data;

  g_autoptr (GVariant) state = g_variant_lookup_value (changed, "State", NULL);

  if (state != NULL)
    check_state (run);
  progress_draw (run);
}

static void
on_new_frames (ScdDbusSceneDetector *detector, GVariant *frames, gpointer user_data)
{
  Run *run = user_data;

  if (run->finished)
    return;
  print_entries (run, SCENECTL_ENTRIES_FRAMES, frames);
  progress_draw (run);
}

static void
on_audio_chunk (ScdDbusAudioExtractor *audio, GVariant *chunk, gpointer user_data)
{
  Run *run = user_data;

  if (run->finished)
    return;
  print_entry (run, SCENECTL_ENTRIES_CHUNKS, chunk);
  progress_draw (run);
}

static void
on_segment_started (ScdDbusSession *session,
                    guint index,
                    const char *path,
                    double start,
                    gpointer user_data)
{
  Run *run = user_data;

  if (run->finished)
    return;

  if (run->ctx->json)
    {
      g_autoptr (JsonObject) object = scenectl_json_event_new ("segment", NULL);

      scenectl_json_add_segment_members (object, index, path, start);
      scenectl_print_json_object (object, FALSE);
    }
  else
    {
      g_autofree char *line = scenectl_format_segment (index, path, start);

      print_event_text (run, line);
    }
  progress_draw (run);
}

static void
on_name_owner (GObject *proxy, GParamSpec *pspec, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (proxy));

  if (owner != NULL)
    return;

  g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The scened service exited"));
  fail (run, error);
}

static void
on_stopped (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  const char *state;

  if (!scd_dbus_session_call_stop_finish (SCD_DBUS_SESSION (source), result, &error))
    {
      fail (run, error);
      return;
    }

  /* Stop() returns once the session has stopped; the PropertiesChanged
   * that says so may still be on its way. */
  state = scd_dbus_session_get_state (run->session->session);
  finish (run, g_strcmp0 (state, "failed") == 0 ? "failed" : "stopped");
}

static gboolean
on_interrupt (gpointer user_data)
{
  Run *run = user_data;

  if (run->finished)
    return G_SOURCE_CONTINUE;

  if (++run->interrupts > 1)
    {
      g_autoptr (GError) error = NULL;

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("Interrupted; the session may still be stopping"));
      fail (run, error);
      return G_SOURCE_CONTINUE;
    }

  progress_clear (run);
  g_printerr (_("Stopping the session… (press Ctrl-C again to quit at once)"));
  g_printerr ("\n");
  scd_dbus_session_call_stop (run->session->session, G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_stopped,
                              run);

  return G_SOURCE_CONTINUE;
}

static void
on_started (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;

  if (!scd_dbus_session_call_start_finish (SCD_DBUS_SESSION (source), result, &error))
    {
      fail (run, error);
      return;
    }

  check_state (run);
  progress_draw (run);
}

static void
print_session (Run *run)
{
  ScdDbusSession *session = run->session->session;
  const char *directory = scd_dbus_session_get_directory (session);

  if (run->ctx->json)
    {
      g_autoptr (JsonObject) object = scenectl_json_event_new ("session", NULL);

      json_object_set_string_member (object, "id", scenectl_session_id (run->session));
      json_object_set_string_member (object, "object-path", run->session->path);
      json_object_set_string_member (object, "directory", directory != NULL ? directory : "");
      scenectl_print_json_object (object, FALSE);
    }
  else
    {
      /* Translators: the first line of scenectl analyze/record: the new
       * session's id and its directory. */
      g_autofree char *line = g_strdup_printf (_("session %s  %s"),
                                               scenectl_session_id (run->session),
                                               directory != NULL ? directory : "");

      print_event_text (run, line);
    }
}

static int
run_session (ScenectlContext *ctx, GVariant *options, gboolean whole_or_partial)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  ScdDbusManager *manager;
  guint sigint_id;
  guint sigterm_id;
  guint sighup_id;

  manager = scenectl_get_manager (ctx, &error);
  if (manager == NULL)
    return scenectl_report_error (ctx, error);

  if (!scd_dbus_manager_call_create_session_sync (manager, options, G_DBUS_CALL_FLAGS_NONE, -1,
                                                  &path, NULL, &error))
    {
      g_autofree char *name = g_dbus_error_get_remote_error (error);

      /* An option the service refuses (-o bogus=1, -o scene-threshold=500)
       * is a usage error, as one this client refuses itself is. */
      g_dbus_error_strip_remote_error (error);
      if (g_strcmp0 (name, "org.scened.Scened1.Error.InvalidArgument") == 0)
        return scenectl_usage_error (ctx, "%s", error->message);
      return scenectl_report_error (ctx, error);
    }

  run.ctx = ctx;
  run.whole_or_partial = whole_or_partial;
  run.loop = g_main_loop_new (NULL, FALSE);
  run.progress_tty = !ctx->json && isatty (STDERR_FILENO);
  run.session = scenectl_session_new (ctx->bus, path, &error);
  if (run.session == NULL)
    return scenectl_report_error (ctx, error);

  g_signal_connect (run.session->session, "g-properties-changed",
                    G_CALLBACK (on_properties_changed), &run);
  g_signal_connect (run.session->session, "notify::g-name-owner", G_CALLBACK (on_name_owner), &run);
  g_signal_connect (run.session->session, "segment-started", G_CALLBACK (on_segment_started), &run);
  g_signal_connect (run.session->detector, "new-frames", G_CALLBACK (on_new_frames), &run);
  g_signal_connect (run.session->audio, "audio-chunk", G_CALLBACK (on_audio_chunk), &run);

  print_session (&run);

  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, &run);
  /* The terminal closed: stop as for Ctrl-C, not leave the session behind. */
  sighup_id = g_unix_signal_add (SIGHUP, on_interrupt, &run);

  scd_dbus_session_call_start (run.session->session, G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_started,
                               &run);
  g_main_loop_run (run.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_source_remove (sighup_id);
  g_signal_handlers_disconnect_by_data (run.session->session, &run);
  g_signal_handlers_disconnect_by_data (run.session->detector, &run);
  g_signal_handlers_disconnect_by_data (run.session->audio, &run);

  return run.exit_status;
}

typedef struct
{
  char *name;
  char *threshold;
  char *chunk_seconds;
  char *hwaccel;
  char *audio_source;
  char **options;
  gboolean detach;
} RunOptions;

static void
run_options_clear (RunOptions *opts)
{
  g_clear_pointer (&opts->name, g_free);
  g_clear_pointer (&opts->threshold, g_free);
  g_clear_pointer (&opts->chunk_seconds, g_free);
  g_clear_pointer (&opts->hwaccel, g_free);
  g_clear_pointer (&opts->audio_source, g_free);
  g_clear_pointer (&opts->options, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunOptions, run_options_clear)

/* --option KEY=VALUE first, then the named options, then the source: an
 * explicit option wins over a generic one. */
static GVariant *
build_options (RunOptions *opts, const char *source, gboolean record, GError **error)
{
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  const struct
  {
    const char *key;
    const char *value;
  } named[] = {
    { "name", opts->name },
    { "scene-threshold", opts->threshold },
    { "audio-chunk-seconds", opts->chunk_seconds },
    { "hwaccel", opts->hwaccel },
    { "audio-source", opts->audio_source },
    { "source", source },
  };

  for (char **o = opts->options; o != NULL && *o != NULL; o++)
    {
      const char *eq = strchr (*o, '=');
      g_autofree char *key = NULL;

      if (eq == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Option “%s” is not of the form KEY=VALUE"), *o);
          return NULL;
        }
      key = g_strndup (*o, eq - *o);
      if (!scenectl_parse_session_option (&dict, key, eq + 1, error))
        return NULL;
    }

  if (record)
    g_variant_dict_insert (&dict, "record", "b", TRUE);
  /* A recording ends with its client: killed or hung up, scenectl would
   * leave a session listening for ever, taking the next sender. */
  if (record && !opts->detach && !g_variant_dict_contains (&dict, "exit-with-caller"))
    g_variant_dict_insert (&dict, "exit-with-caller", "b", TRUE);

  for (gsize i = 0; i < G_N_ELEMENTS (named); i++)
    if (named[i].value != NULL
        && !scenectl_parse_session_option (&dict, named[i].key, named[i].value, error))
      return NULL;

  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

static int
analyze_or_record (ScenectlContext *ctx, int argc, char **argv, gboolean record)
{
  g_auto (RunOptions) opts = { 0 };
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (GVariant) options = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *source = NULL;
  GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &opts.name, N_("A label for the session"),
      N_("NAME") },
    { "threshold", 't', 0, G_OPTION_ARG_STRING, &opts.threshold,
      N_("Scene change threshold, 0 to 100"), N_("VALUE") },
    { "chunk-seconds", 'c', 0, G_OPTION_ARG_STRING, &opts.chunk_seconds,
      N_("Length of each audio chunk in seconds"), N_("SECONDS") },
    { "hwaccel", 0, 0, G_OPTION_ARG_STRING, &opts.hwaccel,
      N_("Hardware decoding: auto, cuda or none"), N_("MODE") },
    { "audio-source", 'a', 0, G_OPTION_ARG_STRING, &opts.audio_source,
      N_("Where the audio comes from: stream, none or pulse:NAME"), N_("SOURCE") },
    { "option", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &opts.options,
      N_("Any session option (see CreateSession); may be repeated"), N_("KEY=VALUE") },
    G_OPTION_ENTRY_NULL,
    G_OPTION_ENTRY_NULL
  };

  /* record only: by default its session ends when scenectl does. */
  if (record)
    entries[G_N_ELEMENTS (entries) - 2] = (GOptionEntry){
      "detach",
      0,
      0,
      G_OPTION_ARG_NONE,
      &opts.detach,
      N_("Keep recording when scenectl exits or is killed (stop it with scenectl stop)"),
      NULL
    };

  if (record)
    optctx = scenectl_option_context_new (ctx, _("SOURCE"),
                                          _("Records and analyzes a live source (a URL, "
                                            "pulse:NAME or a growing file) until Ctrl-C,\n"
                                            "printing each frame and audio chunk as it is "
                                            "written."),
                                          entries);
  else
    optctx = scenectl_option_context_new (ctx, _("FILE"),
                                          _("Analyzes a media file, printing each scene frame "
                                            "and audio chunk as it is written,\n"
                                            "and exits when the whole file is done. Ctrl-C "
                                            "stops the session early and exits 130: the "
                                            "analysis is then partial."),
                                          entries);

  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 1, 1))
    return SCENECTL_EXIT_USAGE;

  source = scenectl_resolve_source (argv[1]);
  if (!g_utf8_validate (source, -1, NULL))
    {
      g_autofree char *display = g_filename_display_name (source);

      return scenectl_usage_error (ctx, _("The file name “%s” is not valid UTF-8"), display);
    }

  options = build_options (&opts, source, record, &error);
  if (options == NULL)
    return scenectl_report_error (ctx, error);

  return run_session (ctx, options, !record);
}

int
scenectl_cmd_analyze (ScenectlContext *ctx, int argc, char **argv)
{
  return analyze_or_record (ctx, argc, argv, FALSE);
}

int
scenectl_cmd_record (ScenectlContext *ctx, int argc, char **argv)
{
  return analyze_or_record (ctx, argc, argv, TRUE);
}
