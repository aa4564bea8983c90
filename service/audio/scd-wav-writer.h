/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One WAV file of signed 16-bit samples, written with libavformat's wav
 * muxer.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _ScdWavWriter ScdWavWriter;

ScdWavWriter *scd_wav_writer_open (const char *path, guint rate, guint channels, GError **error);
gboolean
scd_wav_writer_write (ScdWavWriter *writer, const gint16 *samples, gsize count, GError **error);
gboolean scd_wav_writer_close (ScdWavWriter *writer, GError **error);
void scd_wav_writer_free (ScdWavWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScdWavWriter, scd_wav_writer_free)

G_END_DECLS
