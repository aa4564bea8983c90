/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl: the command line client of scened. It speaks only D-Bus, so
 * everything it does a desktop app or a script with gdbus can do too.
 * This file holds main() and the table of subcommands (as bolt's boltctl
 * does); each subcommand parses its own options in its own file.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "scenectl-commands.h"
#include "scenectl-context.h"

typedef struct
{
  const char *name;
  ScenectlCommandFunc func;
  const char *description;
} SubCommand;

static const SubCommand subcommands[] = {
  { "analyze", scenectl_cmd_analyze,
    N_("Analyze a file, printing frames and chunks as they come") },
  { "record", scenectl_cmd_record, N_("Record and analyze a live source until Ctrl-C") },
  { "list", scenectl_cmd_list, N_("List the sessions") },
  { "status", scenectl_cmd_status, N_("Show the service or one session in detail") },
  { "stop", scenectl_cmd_stop, N_("Stop a session cleanly") },
  { "close", scenectl_cmd_close, N_("Stop a session if needed and remove it from the bus") },
  { "frames", scenectl_cmd_frames, N_("List the scene frames of a session") },
  { "chunks", scenectl_cmd_chunks, N_("List the audio chunks of a session") },
  { "set", scenectl_cmd_set, N_("Change a setting of a running session") },
  { "capture", scenectl_cmd_capture, N_("Write the latest frame of a session now") },
  { "proxy", scenectl_cmd_proxy, N_("Make scrubbing proxies of a session's recording") },
  { "stream", scenectl_cmd_stream,
    N_("Write a session's live picture to standard output (--y4m for a player)") },
  { "sources", scenectl_cmd_sources, N_("List the PulseAudio sources to record from") },
  { "monitor", scenectl_cmd_monitor, N_("Print every signal of every session, one line each") },
};

static char *
commands_description (void)
{
  GString *text = g_string_new (_("Commands:"));
  gsize width = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    width = MAX (width, strlen (subcommands[i].name));

  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_string_append_printf (text, "\n  %-*s  %s", (int) width, subcommands[i].name,
                            _(subcommands[i].description));

  g_string_append (text, "\n\n");
  g_string_append (text, _("Run “scenectl COMMAND --help” for the options of a command."));

  return g_string_free (text, FALSE);
}

static const char *
locale_dir (void)
{
  /* The tests point this at the build tree's po/ directory, so they see
   * the translations without installing them. */
  const char *dir = g_getenv ("SCENED_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *prgname = NULL;
  ScenectlContext ctx = { 0 };
  gboolean version = FALSE;
  const SubCommand *cmd = NULL;
  int status;
  const GOptionEntry entries[] = { { "json", 'j', 0, G_OPTION_ARG_NONE, &ctx.json,
                                     N_("Print JSON (JSON Lines for streams of events)"), NULL },
                                   { "version", 0, 0, G_OPTION_ARG_NONE, &version,
                                     N_("Print the version and exit"), NULL },
                                   G_OPTION_ENTRY_NULL };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("scenectl");

  optctx = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_translation_domain (optctx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (optctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (optctx, _("Control scened, the scene and audio session service."));
  description = commands_description ();
  g_option_context_set_description (optctx, description);
  /* Stop at the subcommand: what follows is its own options. */
  g_option_context_set_strict_posix (optctx, TRUE);

  if (!g_option_context_parse (optctx, &argc, &argv, &error))
    return scenectl_usage_error (&ctx, "%s", error->message);

  if (version)
    {
      g_print ("scenectl %s\n", PACKAGE_VERSION);
      return SCENECTL_EXIT_OK;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (optctx, TRUE, NULL);

      g_printerr ("%s", help);
      return SCENECTL_EXIT_USAGE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (subcommands[i].name, argv[1]))
      cmd = &subcommands[i];

  if (cmd == NULL)
    return scenectl_usage_error (&ctx, _("Unknown command “%s”"), argv[1]);

  /* "scenectl analyze" in the subcommand's --help and in its messages. */
  prgname = g_strdup_printf ("scenectl %s", cmd->name);
  g_set_prgname (prgname);
  ctx.command = cmd->name;

  status = cmd->func (&ctx, argc - 1, argv + 1);
  scenectl_context_clear (&ctx);

  return status;
}
