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
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
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
 * {@link BeatHistories#build} partitions them), with the columns {@code beat_code, unit_id,
 * history} (the bytes {@link BeatHistories} packs a unit's history in). The task of a partition
 * writes and reads its own file, so keeping them costs no shuffle.
 */
public final class UnitHistoryFiles {

    public static final MessageType SCHEMA = Types.buildMessage()
            .optional(BINARY).as(stringType()).named("beat_code")
            .required(BINARY).as(stringType()).named("unit_id")
            .required(BINARY).named("history")
            .named("unit_history");

    private static final int ROW_GROUP_BYTES = 32 << 20;

    private UnitHistoryFiles() {
    }

    /** The file of a partition. */
    public static Path file(Path folder, int partition) {
        return folder.resolve(String.format("part-%05d.parquet", partition));
    }

    /** Writes the unit rows ({@code beat_code, null, history}) of one partition, in the order given. */
    public static final class Writer implements Closeable {
        private final ParquetWriter<InternalRow> out;

        public Writer(Path folder, int partition) throws IOException {
            Files.createDirectories(folder);
            out = new Builder(new LocalParquetFile(file(folder, partition)))
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupSize(ROW_GROUP_BYTES).withDictionaryEncoding(false)
                    .withConf(new Configuration(false)).build();
        }

        public void add(InternalRow unitRow) throws IOException {
            out.write(unitRow);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * The unit rows of one partition's file, as {@link BeatHistories#build} gives them
     * ({@code beat_code, null, history}), but those of the units to skip.
     */
    public static Iterator<InternalRow> read(Path folder, int partition, Set<UTF8String> skip) throws IOException {
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
                    for (Group g = in.read(); g != null; g = in.read()) {
                        if (skip.contains(UTF8String.fromBytes(g.getBinary(1, 0).getBytes()))) {
                            continue;
                        }
                        UTF8String beat = g.getFieldRepetitionCount(0) == 0 ? null
                                : UTF8String.fromBytes(g.getBinary(0, 0).getBytes());
                        return new GenericInternalRow(new Object[] {beat, null, g.getBinary(2, 0).getBytes()});
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

    /** The unit id a history starts with ({@link BeatHistories}' packing: length, then UTF-8 bytes). */
    static byte[] unitId(byte[] history) {
        ByteBuffer in = ByteBuffer.wrap(history);
        byte[] id = new byte[in.getInt()];
        in.get(id);
        return id;
    }

    private static final class Builder extends ParquetWriter.Builder<InternalRow, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<InternalRow> getWriteSupport(Configuration conf) {
            return new RowWriter();
        }
    }

    private static final class RowWriter extends WriteSupport<InternalRow> {
        private RecordConsumer out;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            out = recordConsumer;
        }

        @Override
        public void write(InternalRow r) {
            byte[] history = r.getBinary(2);
            out.startMessage();
            if (!r.isNullAt(0)) {
                out.startField("beat_code", 0);
                out.addBinary(Binary.fromConstantByteArray(r.getUTF8String(0).getBytes()));
                out.endField("beat_code", 0);
            }
            out.startField("unit_id", 1);
            out.addBinary(Binary.fromConstantByteArray(unitId(history)));
            out.endField("unit_id", 1);
            out.startField("history", 2);
            out.addBinary(Binary.fromConstantByteArray(history));
            out.endField("history", 2);
            out.endMessage();
        }
    }
}
