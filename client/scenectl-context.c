/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The command context of a scenectl subcommand: option parsing with the
 * common --json switch, and the exit status rules. A usage mistake (bad
 * option, missing argument, a value that does not parse) is 2 and is
 * reported before the bus is touched; anything the bus or the service
 * refuses is 1, with the remote error prefix stripped.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scenectl-context.h"

void
scenectl_context_clear (ScenectlContext *ctx)
{
  g_clear_object (&ctx->manager);
  g_clear_object (&ctx->bus);
}

GOptionContext *
scenectl_option_context_new (ScenectlContext *ctx,
                             const char *parameter,
                             const char *summary,
                             const GOptionEntry *entries)
{
  const GOptionEntry common_entries[] = { { "json", 'j', 0, G_OPTION_ARG_NONE, &ctx->json,
                                            N_("Print JSON (JSON Lines for streams of events)"),
                                            NULL },
                                          G_OPTION_ENTRY_NULL };
  GOptionContext *optctx = g_option_context_new (parameter);

  g_option_context_set_translation_domain (optctx, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (optctx, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (optctx, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (optctx, common_entries, GETTEXT_PACKAGE);

  return optctx;
}

int
scenectl_usage_error (ScenectlContext *ctx, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", g_get_prgname (), message);
  g_printerr (_("Try “%s --help” for more information."), g_get_prgname ());
  g_printerr ("\n");

  return SCENECTL_EXIT_USAGE;
}

gboolean
scenectl_parse_options (ScenectlContext *ctx,
                        GOptionContext *optctx,
                        int *argc,
                        char ***argv,
                        int min_args,
                        int max_args)
{
  g_autoptr (GError) error = NULL;
  int n_args;

  if (!g_option_context_parse (optctx, argc, argv, &error))
    {
      scenectl_usage_error (ctx, "%s", error->message);
      return FALSE;
    }

  /* (*argv)[0] is the subcommand itself. */
  n_args = *argc - 1;
  if (n_args < min_args)
    {
      scenectl_usage_error (ctx, _("Missing argument"));
      return FALSE;
    }
  if (max_args >= 0 && n_args > max_args)
    {
      scenectl_usage_error (ctx, _("Too many arguments"));
      return FALSE;
    }

  return TRUE;
}

int
scenectl_report_error (ScenectlContext *ctx, GError *error)
{
  g_dbus_error_strip_remote_error (error);

  if (error->domain == G_OPTION_ERROR)
    return scenectl_usage_error (ctx, "%s", error->message);
  /* Whatever the subcommand, one message when there is no service: not
   * GDBus's own words about .service files. */
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)
      || (error->domain == G_DBUS_ERROR && error->code >= G_DBUS_ERROR_SPAWN_EXEC_FAILED
          && error->code <= G_DBUS_ERROR_SPAWN_FAILED))
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("The scened service is not running and could not be started"));
      return SCENECTL_EXIT_ERROR;
    }

  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return SCENECTL_EXIT_ERROR;
}
