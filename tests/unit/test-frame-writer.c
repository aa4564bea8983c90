/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The frame writer (scd-frame-writer.c) on real frames and a real folder:
 * each pushed frame's JPEG is its own, whether its JPEG was made ahead
 * (scd_frame_writer_prepare()), made ahead for another frame, or not; and
 * however fast frames come, each is in index.json on disk before it is
 * announced, in order.
 */
#include <glib/gstdio.h>
#include <libavutil/frame.h>

#include "scd-frame-entry.h"
#include "scd-frame-writer.h"
#include "scd-jpeg-writer.h"
#include "scd-json-file.h"

#define W 160
#define H 90

/* A yuv420p frame: a gradient with a block at @x, so frames differ. */
static AVFrame *
make_frame (int x)
{
  AVFrame *frame = av_frame_alloc ();

  frame->width = W;
  frame->height = H;
  frame->format = AV_PIX_FMT_YUV420P;
  g_assert_cmpint (av_frame_get_buffer (frame, 0), ==, 0);
  for (int y = 0; y < H; y++)
    for (int i = 0; i < W; i++)
      frame->data[0][y * frame->linesize[0] + i] = (i >= x && i < x + 30 && y >= 20 && y < 60)
                                                       ? 235
                                                       : (guint8) (16 + i);
  for (int p = 1; p < 3; p++)
    for (int y = 0; y < H / 2; y++)
      for (int i = 0; i < W / 2; i++)
        frame->data[p][y * frame->linesize[p] + i] = (guint8) (p == 1 ? 90 + i : 160 - y);
  return frame;
}

typedef struct
{
  GPtrArray *paths;
} Written;

static void
on_written (ScdEntryKind kind, GVariant *entry, gpointer user_data)
{
  Written *written = user_data;
  const char *path = NULL;

  g_assert_cmpint (kind, ==, SCD_ENTRY_FRAME);
  g_assert_true (g_variant_lookup (entry, "path", "&s", &path));
  g_ptr_array_add (written->paths, g_strdup (path));
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &data, &size, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (data, size);
}

static GBytes *
jpeg_of (const AVFrame *frame)
{
  g_autoptr (GError) error = NULL;
  GBytes *jpeg = scd_jpeg_encode (frame, &error);

  g_assert_no_error (error);
  g_assert_nonnull (jpeg);
  return jpeg;
}

static void
test_prepared_jpegs (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("scened-frame-writer-XXXXXX", &error);
  g_autofree char *index_path = g_build_filename (dir, "index.json", NULL);
  g_autoptr (ScdIndex) index = scd_index_new (index_path, &scd_frame_entry_schema);
  Written written = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr (ScdFrameWriter) writer = scd_frame_writer_new (dir, index, on_written, &written);
  AVFrame *frames[4];

  g_assert_no_error (error);
  for (int i = 0; i < 4; i++)
    frames[i] = make_frame (10 + 30 * i);

  /* Made ahead and pushed: the frame's own JPEG. */
  scd_frame_writer_prepare (writer, frames[0], 1.0);
  scd_frame_writer_push (writer, frames[0], 1.0, 50.0, SCD_FRAME_REASON_SCENE, NULL);
  /* Made ahead for a candidate that was not confirmed, then another frame
   * pushed: not the candidate's JPEG. */
  scd_frame_writer_prepare (writer, frames[1], 2.0);
  scd_frame_writer_push (writer, frames[2], 3.0, 50.0, SCD_FRAME_REASON_SCENE, NULL);
  /* A JPEG made ahead lasts for one push only. */
  scd_frame_writer_prepare (writer, frames[1], 4.0);
  scd_frame_writer_push (writer, frames[3], 5.0, 0.0, SCD_FRAME_REASON_INTERVAL, NULL);
  scd_frame_writer_push (writer, frames[1], 4.0, 50.0, SCD_FRAME_REASON_SCENE, NULL);

  g_assert_true (scd_frame_writer_finish (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written.paths->len, ==, 4);
  {
    const int expected[] = { 0, 2, 3, 1 };

    for (guint i = 0; i < written.paths->len; i++)
      {
        g_autoptr (GBytes) on_disk = file_bytes (g_ptr_array_index (written.paths, i));
        g_autoptr (GBytes) own = jpeg_of (frames[expected[i]]);

        g_assert_true (g_bytes_equal (on_disk, own));
      }
  }
  g_assert_cmpuint (scd_index_get_count (index), ==, 4);

  for (guint i = 0; i < written.paths->len; i++)
    g_assert_cmpint (g_unlink (g_ptr_array_index (written.paths, i)), ==, 0);
  g_unlink (index_path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_ptr_array_unref (written.paths);
  for (int i = 0; i < 4; i++)
    av_frame_free (&frames[i]);
}

typedef struct
{
  const char *index_path;
  guint announced;
  guint saves_seen; /* different index lengths on disk at announcements */
  guint last_length;
} Announced;

/* Each announced entry is the next one, and index.json already holds it. */
static void
on_announced (ScdEntryKind kind, GVariant *entry, gpointer user_data)
{
  Announced *a = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = scd_json_file_read (a->index_path, &error);
  guint32 index = G_MAXUINT32;
  guint length;

  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (entry, "index", "u", &index));
  g_assert_cmpuint (index, ==, a->announced);
  length = json_array_get_length (json_node_get_array (root));
  g_assert_cmpuint (length, >, index);
  if (length != a->last_length)
    a->saves_seen++;
  a->last_length = length;
  a->announced++;
}

static void
test_saved_before_announced (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("scened-frame-writer-XXXXXX", &error);
  g_autofree char *index_path = g_build_filename (dir, "index.json", NULL);
  g_autoptr (ScdIndex) index = scd_index_new (index_path, &scd_frame_entry_schema);
  Announced announced = { index_path };
  g_autoptr (ScdFrameWriter) writer = scd_frame_writer_new (dir, index, on_announced, &announced);
  AVFrame *frame = make_frame (40);
  const guint n = 120;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    scd_frame_writer_push (writer, frame, i * 0.1, 0.0, SCD_FRAME_REASON_INTERVAL, NULL);
  g_assert_true (scd_frame_writer_finish (writer, &error));
  g_assert_no_error (error);
  g_test_message ("%u frames announced after %u saves", announced.announced, announced.saves_seen);
  g_assert_cmpuint (announced.announced, ==, n);
  g_assert_cmpuint (scd_index_get_count (index), ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("F%04u.jpg", i + 1);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_unlink (index_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  av_frame_free (&frame);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frame-writer/prepared-jpegs", test_prepared_jpegs);
  g_test_add_func ("/frame-writer/saved-before-announced", test_saved_before_announced);
  return g_test_run ();
}
