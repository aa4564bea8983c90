/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scened: owns org.scened.Scened1 on the session bus and serves the
 * manager and its sessions until told to stop. SIGTERM, SIGINT and SIGHUP
 * stop every session cleanly (indexes and manifests written) and exit 0,
 * as does losing the bus name to a replacement.
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <signal.h>
#endif
#include <stdlib.h>
#include <sys/stat.h>

#include <libavutil/log.h>

#include "scd-error.h"
#include "scd-hwaccel.h"
#include "scd-manager.h"
#include "scd-session-dir.h"
#include "scd-scene-tuning-options.h"
#include "scd-scene-tuning.h"
#include "scd-stream.h"

#define BUS_NAME "org.scened.Scened1"

typedef struct
{
  GMainLoop *loop;
  ScdManager *manager;
  guint owner_id;
  gboolean name_acquired;
  gboolean stopping;
  gboolean replace;
  int exit_status;
} ScdMain;

static void
shutdown_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ScdMain *app = user_data;

  scd_manager_shutdown_finish (SCD_MANAGER (source), result);
  g_main_loop_quit (app->loop);
}

static void
begin_shutdown (ScdMain *app)
{
  if (app->stopping)
    return;
  app->stopping = TRUE;
  if (app->manager != NULL)
    scd_manager_shutdown_async (app->manager, shutdown_done, app);
  else
    g_main_loop_quit (app->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  ScdMain *app = user_data;

  g_message ("Stopping on signal");
  begin_shutdown (app);
  return G_SOURCE_CONTINUE;
}

static void
on_bus_acquired (GDBusConnection *connection, const char *name, gpointer user_data)
{
  ScdMain *app = user_data;
  g_autoptr (GError) error = NULL;

  if (!scd_manager_export (app->manager, connection, &error))
    {
      g_warning ("Could not export the manager: %s", error->message);
      app->exit_status = EXIT_FAILURE;
      begin_shutdown (app);
    }
}

static void
on_name_acquired (GDBusConnection *connection, const char *name, gpointer user_data)
{
  ScdMain *app = user_data;

  app->name_acquired = TRUE;
  g_debug ("Owning %s", name);
}

static void
on_name_lost (GDBusConnection *connection, const char *name, gpointer user_data)
{
  ScdMain *app = user_data;

  /* No connection: never made, or closed under us (the session ended). */
  if (connection == NULL && app->name_acquired)
    g_message ("The session bus went away; stopping");
  else if (connection == NULL)
    g_warning ("Cannot connect to the session bus");
  else if (app->name_acquired)
    g_message ("Replaced by another instance");
  else
    g_warning ("%s is owned by another process; use --replace to take it over", name);
  if (!app->name_acquired)
    app->exit_status = EXIT_FAILURE;
  begin_shutdown (app);
}

static void
on_hwaccel_probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ScdMain *app = user_data;
  g_auto (GStrv) decoders = scd_hwaccel_probe_finish (result);
  g_autofree char *list = g_strjoinv (", ", decoders);

  g_debug ("Hardware decoders: %s", *list != '\0' ? list : "none");
  scd_manager_set_hardware_decoders (app->manager, (const char *const *) decoders);
  if (app->stopping)
    return;
  app->owner_id = g_bus_own_name (G_BUS_TYPE_SESSION, BUS_NAME,
                                  G_BUS_NAME_OWNER_FLAGS_ALLOW_REPLACEMENT
                                      | (app->replace ? G_BUS_NAME_OWNER_FLAGS_REPLACE : 0),
                                  on_bus_acquired, on_name_acquired, on_name_lost, app, NULL);
}

static void
log_libav (void *avcl, int level, const char *fmt, va_list args)
{
  g_autofree char *message = NULL;

  if (level > AV_LOG_WARNING)
    return;
  message = g_strdup_vprintf (fmt, args);
  g_strchomp (message);
  g_debug ("libav: %s", message);
}

/* The tests point SCENED_LOCALEDIR at the build tree's po/, as they do
 * for scenectl, so that the service's messages can be checked translated
 * without an install. */
static const char *
locale_dir (void)
{
  const char *dir = g_getenv ("SCENED_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

int
main (int argc, char **argv)
{
  ScdMain app = { .exit_status = EXIT_SUCCESS };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *data_dir_arg = NULL;
  gboolean verbose = FALSE, replace = FALSE, version = FALSE;
  int max_sessions = SCD_MANAGER_DEFAULT_MAX_SESSIONS;
  /* For tuning the scene detector (bench/scene-accuracy): not for use. */
  ScdTuneOptions tune = { 0 };
  const GOptionEntry entries[] = {
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Show debugging messages"), NULL },
    { "replace", 'r', 0, G_OPTION_ARG_NONE, &replace, N_("Replace a running instance"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Show the version and exit"), NULL },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir_arg,
      N_("Where to keep sessions (default: $XDG_DATA_HOME/scened)"), N_("DIR") },
    { "max-sessions", 0, 0, G_OPTION_ARG_INT, &max_sessions,
      N_("How many sessions may be at work at once (default: 16)"), N_("N") },
    { NULL },
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Every file and directory scened makes is private to the user. */
  umask (077);
  /* A file size limit (ulimit -f) makes a write fail with EFBIG, which the
   * session reports, rather than kill the service and every session in it. */
  signal (SIGXFSZ, SIG_IGN);
  /* A stream reader that closes its pipe makes the next write fail with
   * EPIPE, which ends that stream, rather than kill the service. */
  signal (SIGPIPE, SIG_IGN);

#ifdef __GLIBC__
  /* Full-size frames (3 MB at 1080p) are allocated and freed by decoder
   * threads all day. glibc would raise its mmap threshold after the first
   * such free and then keep every later frame in per-thread arenas that it
   * never gives back: resident memory grew by 20-30 MB per session. A
   * fixed threshold keeps large blocks as their own mappings, returned to
   * the system when freed. */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
#endif

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("The scened media session service"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, scd_tune_options_group (&tune));
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || !scd_tune_options_apply (&tune, &error))
    {
      g_printerr ("%s\n", error->message);
      scd_tune_options_clear (&tune);
      return 2;
    }
  if (tune.list)
    {
      g_autofree char *table = scd_tune_describe ();

      g_print ("%s", table);
      scd_tune_options_clear (&tune);
      return EXIT_SUCCESS;
    }
  if (version)
    {
      g_print ("scened %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (max_sessions < 1)
    {
      g_printerr (_("--max-sessions must be at least 1\n"));
      return 2;
    }
  if (verbose)
    g_log_set_debug_enabled (TRUE);
  if (scd_tune_options_changed (&tune))
    {
      g_autofree char *table = scd_tune_describe ();

      g_message ("Scene detector constants changed (--tune): the service is being tuned");
      g_debug ("Scene detector constants:\n%s", table);
    }
  scd_tune_options_clear (&tune);

  av_log_set_callback (log_libav);
  /* Register the error domain before the first reply is sent. */
  g_type_ensure (G_TYPE_DBUS_CONNECTION);
  (void) SCD_ERROR;

  if (data_dir_arg != NULL)
    data_dir = g_canonicalize_filename (data_dir_arg, NULL);
  else
    data_dir = g_build_filename (g_get_user_data_dir (), "scened", NULL);

  if (!scd_session_dir_check_data_dir (data_dir, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  app.loop = g_main_loop_new (NULL, FALSE);
  app.manager = scd_manager_new (data_dir, (guint) max_sessions);

  g_unix_signal_add (SIGTERM, on_signal, &app);
  g_unix_signal_add (SIGINT, on_signal, &app);
  g_unix_signal_add (SIGHUP, on_signal, &app);

  /* The name is taken once the hardware is known, so that no CreateSession
   * asks for "cuda" before the answer is there. */
  app.replace = replace;
  scd_hwaccel_probe_async (on_hwaccel_probed, &app);

  g_main_loop_run (app.loop);

  if (app.owner_id != 0)
    g_bus_unown_name (app.owner_id);
  g_clear_object (&app.manager);
  /* Stream writers end on their own within a fraction of a second once
   * their sessions are gone; a reader that never reads is not waited for. */
  if (!scd_stream_wait_all (2 * G_USEC_PER_SEC))
    g_message ("Exiting with a stream still being written");
  g_main_loop_unref (app.loop);
  return app.exit_status;
}
