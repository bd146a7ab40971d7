package jp.junkai.marts.snapshot;

import java.nio.file.Path;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet's own writer for files of the lake that tasks write themselves (unit statuses, unit
 * histories): a schema and how one record's fields are written, Snappy, overwriting a file a
 * retried task wrote before ({@link LocalParquetFile}: no Hadoop file system, no checksum files).
 */
final class LocalParquetWriter {

    /** Writes the fields of one record (the message around them is started and ended for it). */
    interface Fields<T> {
        void write(RecordConsumer out, T record);
    }

    private LocalParquetWriter() {
    }

    /** A writer of that file: set what differs (row group size, dictionaries), then build. */
    static <T> Builder<T> builder(Path file, MessageType schema, Fields<T> fields) {
        return new Builder<>(file, schema, fields).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY).withConf(new Configuration(false));
    }

    static void binary(RecordConsumer out, int index, String name, Binary value) {
        out.startField(name, index);
        out.addBinary(value);
        out.endField(name, index);
    }

    static void integer(RecordConsumer out, int index, String name, int value) {
        out.startField(name, index);
        out.addInteger(value);
        out.endField(name, index);
    }

    static void bool(RecordConsumer out, int index, String name, boolean value) {
        out.startField(name, index);
        out.addBoolean(value);
        out.endField(name, index);
    }

    static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final MessageType schema;
        private final Fields<T> fields;

        private Builder(Path file, MessageType schema, Fields<T> fields) {
            super(new LocalParquetFile(file));
            this.schema = schema;
            this.fields = fields;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return new WriteSupport<>() {
                private RecordConsumer out;

                @Override
                public WriteContext init(Configuration configuration) {
                    return new WriteContext(schema, Map.of());
                }

                @Override
                public void prepareForWrite(RecordConsumer recordConsumer) {
                    out = recordConsumer;
                }

                @Override
                public void write(T record) {
                    out.startMessage();
                    fields.write(out, record);
                    out.endMessage();
                }
            };
        }
    }
}
