/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The command context every scenectl subcommand gets, option parsing and
 * exit statuses (scenectl-context.c).
 */
#pragma once

#include <gio/gio.h>

#include "scd-dbus.h"

G_BEGIN_DECLS

typedef enum
{
  SCENECTL_EXIT_OK = 0,
  SCENECTL_EXIT_ERROR = 1,
  SCENECTL_EXIT_USAGE = 2,
  SCENECTL_EXIT_INTERRUPTED = 130, /* analyze stopped by Ctrl-C (or SIGTERM, SIGHUP): partial */
} ScenectlExit;

typedef struct
{
  const char *command; /* the subcommand's name, e.g. "analyze" */
  gboolean json;
  GDBusConnection *bus;
  ScdDbusManager *manager;
} ScenectlContext;

typedef int (*ScenectlCommandFunc) (ScenectlContext *ctx, int argc, char **argv);

void scenectl_context_clear (ScenectlContext *ctx);

GOptionContext *scenectl_option_context_new (ScenectlContext *ctx,
                                             const char *parameter,
                                             const char *summary,
                                             const GOptionEntry *entries);
gboolean scenectl_parse_options (ScenectlContext *ctx,
                                 GOptionContext *optctx,
                                 int *argc,
                                 char ***argv,
                                 int min_args,
                                 int max_args);
int scenectl_usage_error (ScenectlContext *ctx, const char *format, ...) G_GNUC_PRINTF (2, 3);
int scenectl_report_error (ScenectlContext *ctx, GError *error);

G_END_DECLS
