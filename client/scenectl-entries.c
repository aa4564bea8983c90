/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * scenectl frames and scenectl chunks: a session's frame and chunk
 * entries as ListFrames/ListChunks give them, for a client that joins
 * late or a session that is over. Same line format as analyze prints.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "scenectl-commands.h"
#include "scenectl-context.h"
#include "scenectl-output.h"
#include "scenectl-session.h"

/* The service may cap one answer, so ask page by page. */
#define PAGE_SIZE 1000

static int
list_entries (ScenectlContext *ctx, int argc, char **argv, ScenectlEntries kind)
{
  g_autoptr (GOptionContext) optctx = NULL;
  g_autoptr (ScenectlSession) s = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  int first = 0;
  int count = -1;
  guint64 remaining;
  guint next;
  const GOptionEntry entries[] = {
    { "first", 'f', 0, G_OPTION_ARG_INT, &first, N_("Start at entry N (from 0)"), N_("N") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("Print at most N entries"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (kind == SCENECTL_ENTRIES_FRAMES)
    optctx = scenectl_option_context_new (
        ctx, _("SESSION"), _("Lists the scene frames of SESSION, oldest first."), entries);
  else
    optctx = scenectl_option_context_new (
        ctx, _("SESSION"), _("Lists the audio chunks of SESSION, oldest first."), entries);
  if (!scenectl_parse_options (ctx, optctx, &argc, &argv, 1, 1))
    return SCENECTL_EXIT_USAGE;
  if (first < 0)
    return scenectl_usage_error (ctx, _("--first must not be negative"));
  if (count < -1)
    return scenectl_usage_error (ctx, _("--count must not be negative"));

  s = scenectl_session_lookup (ctx, argv[1], &error);
  if (s == NULL)
    return scenectl_report_error (ctx, error);

  next = (guint) first;
  remaining = count < 0 ? G_MAXUINT64 : (guint64) count;
  while (remaining > 0)
    {
      g_autoptr (GVariant) page = NULL;
      guint want = (guint) MIN (remaining, PAGE_SIZE);
      gsize n;

      if (!scenectl_session_list_entries (s, kind, next, want, &page, &error))
        return scenectl_report_error (ctx, error);

      n = g_variant_n_children (page);
      if (n == 0)
        break;

      for (gsize i = 0; i < n && remaining > 0; i++, remaining--)
        {
          g_autoptr (GVariant) entry = g_variant_get_child_value (page, i);

          if (ctx->json)
            {
              json_array_add_element (array, json_gvariant_serialize (entry));
            }
          else
            {
              g_autofree char *line = kind == SCENECTL_ENTRIES_FRAMES
                                          ? scenectl_format_frame (entry)
                                          : scenectl_format_chunk (entry);

              g_print ("%s\n", line);
            }
        }
      next += n;
    }

  if (ctx->json)
    scenectl_print_json_array (array, TRUE);

  return SCENECTL_EXIT_OK;
}

int
scenectl_cmd_frames (ScenectlContext *ctx, int argc, char **argv)
{
  return list_entries (ctx, argc, argv, SCENECTL_ENTRIES_FRAMES);
}

int
scenectl_cmd_chunks (ScenectlContext *ctx, int argc, char **argv)
{
  return list_entries (ctx, argc, argv, SCENECTL_ENTRIES_CHUNKS);
}
