/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The command-line options that change the detector's constants
 * (scd-scene-tuning.h): --tune NAME=VALUE, --tune-file FILE, --tune-list.
 * The service shows them under --help-developer; scene-trace too.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char **tune;
  char *file;
  gboolean list;
} ScdTuneOptions;

GOptionGroup *scd_tune_options_group (ScdTuneOptions *options);
gboolean scd_tune_options_apply (const ScdTuneOptions *options, GError **error);
gboolean scd_tune_options_changed (const ScdTuneOptions *options);
void scd_tune_options_clear (ScdTuneOptions *options);

G_END_DECLS
