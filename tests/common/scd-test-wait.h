/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Session steps that must succeed, for tests that drive live sessions: on
 * failure each one stops the test with what the session went through, so
 * a log says why without a rerun.
 */
#pragma once

#include "scd-test-service.h"

G_BEGIN_DECLS

char *scd_test_session_describe (ScdTestSession *session);
void scd_test_session_start_ok (ScdTestSession *session);
gint64 scd_test_session_stop_ok (ScdTestSession *session);
void scd_test_session_wait_frames_ok (ScdTestSession *session, guint n, guint timeout_ms);
gboolean scd_test_session_final (gpointer data);

G_END_DECLS
