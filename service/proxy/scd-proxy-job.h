/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Session.GenerateProxy's work: a proxy for each of a session's media
 * files, one after the other, in a GTask thread.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs in the main context: @fraction of the whole job, 0..1. */
typedef void (*ScdProxyJobProgressFunc) (GObject *source, double fraction);

/* @inputs: absolute paths (char *). The proxies go to @proxies_dir, made
 * if needed, named after their input and @height. */
void scd_proxy_job_run_async (GObject *source,
                              GPtrArray *inputs,
                              const char *proxies_dir,
                              guint height,
                              GCancellable *cancellable,
                              ScdProxyJobProgressFunc progress,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
/* The proxies' paths, in the order of the inputs. */
char **scd_proxy_job_run_finish (GAsyncResult *result, GError **error);

G_END_DECLS
