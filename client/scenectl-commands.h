/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The subcommands, one entry point each (scenectl.c's table names them);
 * each lives in the file of its family.
 */
#pragma once

#include "scenectl-context.h"

G_BEGIN_DECLS

int scenectl_cmd_analyze (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_record (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_list (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_sources (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_status (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_stop (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_close (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_capture (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_proxy (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_set (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_frames (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_chunks (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_stream (ScenectlContext *ctx, int argc, char **argv);
int scenectl_cmd_monitor (ScenectlContext *ctx, int argc, char **argv);

G_END_DECLS
