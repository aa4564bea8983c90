/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Checks shared by the integration tests: what a finished session left on
 * disk (indexes, JPEGs, WAVs, permissions) against what it announced on the
 * bus.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "scd-test-service.h"

G_BEGIN_DECLS

typedef struct
{
  guint format; /* 1: PCM, 0xFFFE: extensible */
  guint channels;
  guint sample_rate;
  guint bits;
  guint64 samples; /* per channel */
} ScdTestWav;

JsonNode *scd_test_load_json (const char *path);
gboolean scd_test_read_wav (const char *path, ScdTestWav *wav, GError **error);
void scd_test_assert_private_tree (const char *path);

void scd_test_assert_entries_match_json (GPtrArray *entries,
                                         JsonNode *json,
                                         const char *const *keys,
                                         const char *what);
void scd_test_assert_entries_match_list (GPtrArray *entries, GVariant *list, const char *what);

void scd_test_check_frame_files (const char *dir, GPtrArray *frames, guint width, guint height);
guint64 scd_test_check_chunk_files (const char *dir, GPtrArray *chunks, guint rate, guint channels);
void scd_test_check_manifest_file (const char *dir,
                                   const char *id,
                                   const char *source,
                                   const char *state);

void scd_test_check_frames (ScdTestSession *session, guint width, guint height);
guint64 scd_test_check_chunks (ScdTestSession *session, guint rate, guint channels);
void scd_test_check_manifest (ScdTestSession *session, const char *state);

double scd_test_frame_timestamp (GVariant *frame);
const char *scd_test_frame_reason (GVariant *frame);
gboolean scd_test_is_frame_reason (const char *reason);
char *scd_test_describe_frames (GPtrArray *frames);

G_END_DECLS
