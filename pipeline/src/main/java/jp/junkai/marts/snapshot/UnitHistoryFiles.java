package jp.junkai.marts.snapshot;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The gathered unit histories of a build ({@link BeatHistories}), kept in the lake so that the
 * next build patches the units whose records changed instead of gathering every unit again: one
 * Parquet file per partition of the beats ({@code part-<partition>.parquet}, partitioned as
 * {@link BeatHistories#build} partitions them), with the columns {@code beat_code, area_type,
 * unit_id, history} (the bytes {@link BeatHistories} packs a unit's history in; a beat's row has
 * no unit). The task of a partition writes and reads its own file, so keeping them costs no shuffle.
 */
public final class UnitHistoryFiles {

    /** A beat's row has its area type and no unit; a unit's row its id and history. */
    public static final MessageType SCHEMA = Types.buildMessage()
            .optional(BINARY).as(stringType()).named("beat_code")
            .optional(BINARY).as(stringType()).named("area_type")
            .optional(BINARY).as(stringType()).named("unit_id")
            .optional(BINARY).named("history")
            .named("unit_history");

    private static final int ROW_GROUP_BYTES = 32 << 20;

    private UnitHistoryFiles() {
    }

    /** The file of a partition. */
    public static Path file(Path folder, int partition) {
        return folder.resolve(String.format("part-%05d.parquet", partition));
    }

    /** Writes the rows of {@link BeatHistories#SCHEMA} (beats and units) of one partition, in the order given. */
    public static final class Writer implements Closeable {
        private final ParquetWriter<InternalRow> out;

        public Writer(Path folder, int partition) throws IOException {
            Files.createDirectories(folder);
            out = LocalParquetWriter.builder(file(folder, partition), SCHEMA, UnitHistoryFiles::writeRow)
                    .withRowGroupSize(ROW_GROUP_BYTES).withDictionaryEncoding(false).build();
        }

        public void add(InternalRow row) throws IOException {
            out.write(row);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * The rows of one partition's file as rows of {@link BeatHistories#SCHEMA}: the beats and units
     * {@link BeatHistories#KEPT}, but the units that changed {@link BeatHistories#REPLACED}.
     */
    public static Iterator<InternalRow> read(Path folder, int partition, Set<UTF8String> changed) throws IOException {
        Path f = file(folder, partition);
        if (!Files.exists(f)) {
            throw new IllegalStateException("Cannot patch the unit histories of partition " + partition + ": " + f
                    + " is missing; delete the lake's _snapshots folder to gather every history again");
        }
        ParquetReader<Group> in = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(f.toUri())).withConf(new Configuration()).build();
        return new Iterator<>() {
            private InternalRow next = advance();

            private InternalRow advance() {
                try {
                    Group g = in.read();
                    if (g != null) {
                        UTF8String beat = string(g, 0);
                        if (g.getFieldRepetitionCount(3) == 0) {
                            return new GenericInternalRow(new Object[] {beat, string(g, 1), null, BeatHistories.KEPT});
                        }
                        int origin = changed.contains(string(g, 2)) ? BeatHistories.REPLACED : BeatHistories.KEPT;
                        return new GenericInternalRow(new Object[] {beat, null, g.getBinary(3, 0).getBytes(), origin});
                    }
                    in.close();
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + f + ": " + e.getMessage(), e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public InternalRow next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                InternalRow r = next;
                next = advance();
                return r;
            }
        };
    }

    private static UTF8String string(Group g, int field) {
        return g.getFieldRepetitionCount(field) == 0 ? null : UTF8String.fromBytes(g.getBinary(field, 0).getBytes());
    }

    /** The unit id a history starts with ({@link BeatHistories}' packing: length, then UTF-8 bytes). */
    static byte[] unitId(byte[] history) {
        ByteBuffer in = ByteBuffer.wrap(history);
        byte[] id = new byte[in.getInt()];
        in.get(id);
        return id;
    }

    /** A beat's row: its code and area type; a unit's: its beat, id and history. */
    private static void writeRow(RecordConsumer out, InternalRow r) {
        if (!r.isNullAt(0)) {
            LocalParquetWriter.binary(out, 0, "beat_code", Binary.fromConstantByteArray(r.getUTF8String(0).getBytes()));
        }
        if (r.isNullAt(2)) {
            if (!r.isNullAt(1)) {
                LocalParquetWriter.binary(out, 1, "area_type", Binary.fromConstantByteArray(r.getUTF8String(1).getBytes()));
            }
        } else {
            byte[] history = r.getBinary(2);
            LocalParquetWriter.binary(out, 2, "unit_id", Binary.fromConstantByteArray(unitId(history)));
            LocalParquetWriter.binary(out, 3, "history", Binary.fromConstantByteArray(history));
        }
    }
}
