package jp.junkai.lake;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Field;

/**
 * The Spark form of the entity declarations in {@code schemas/}: the lake's columns are the
 * allow-listed fields, typed, plus lineage. Derived, never written by hand.
 *
 * <p>Timestamps are {@code TIMESTAMP_NTZ}: the SPEC's times are Japan local times, and a zone-less
 * type keeps them so in Parquet, Spark and DuckDB alike.
 */
public final class LakeSchema {

    /** Station the record came from. */
    public static final String STATION = "_station";
    /** Batch name (file name without extension, or the jdbc pull's name). */
    public static final String BATCH = "_batch";
    /** 1-based line of the batch file (row number of a jdbc pull). */
    public static final String LINE = "_line";
    /** Ingest run that took it. */
    public static final String RUN = "_run";
    /**
     * Silver only: a hash of the record's field values ({@link Silver#contentHash}), so that a
     * re-sent identical record is recognised as a duplicate of the current version by reading a
     * few narrow columns of silver instead of every column.
     */
    public static final String HASH = "_hash";
    /** Reason code of a rejected line; null for a good record. */
    public static final String REASON = "_reason";
    /** Field at fault of a rejected line, when one field is. */
    public static final String FIELD = "_field";

    private LakeSchema() {
    }

    public static DataType sparkType(Field f) {
        return switch (f.type()) {
            case STRING, ENUM -> DataTypes.StringType;
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampNTZType;
            case INT -> DataTypes.IntegerType;
            case BOOL -> DataTypes.BooleanType;
            case TOPICS -> DataTypes.createArrayType(DataTypes.IntegerType, false);
        };
    }

    /** The entity's fields as columns, in {@link Entity#fields()} order. */
    public static List<StructField> fieldColumns(Entity entity) {
        List<StructField> columns = new ArrayList<>();
        for (Field f : entity.fields()) {
            columns.add(DataTypes.createStructField(f.name(), sparkType(f), true));
        }
        return columns;
    }

    /**
     * Bronze: every line read, as received. Good records carry their values; rejected lines carry
     * only lineage and the reason (never values: they may be personal data).
     */
    public static StructType bronze(Entity entity) {
        List<StructField> columns = fieldColumns(entity);
        columns.add(DataTypes.createStructField(STATION, DataTypes.StringType, false));
        columns.add(DataTypes.createStructField(BATCH, DataTypes.StringType, false));
        columns.add(DataTypes.createStructField(LINE, DataTypes.LongType, false));
        columns.add(DataTypes.createStructField(REASON, DataTypes.StringType, true));
        columns.add(DataTypes.createStructField(FIELD, DataTypes.StringType, true));
        return DataTypes.createStructType(columns);
    }

    /** Silver: the current version of each key, with the lineage that orders versions and its {@link #HASH}. */
    public static StructType silver(Entity entity) {
        List<StructField> columns = fieldColumns(entity);
        columns.add(DataTypes.createStructField(STATION, DataTypes.StringType, false));
        columns.add(DataTypes.createStructField(BATCH, DataTypes.StringType, false));
        columns.add(DataTypes.createStructField(LINE, DataTypes.LongType, false));
        columns.add(DataTypes.createStructField(RUN, DataTypes.StringType, false));
        columns.add(DataTypes.createStructField(HASH, DataTypes.LongType, false));
        return DataTypes.createStructType(columns);
    }

    /**
     * The writer of an entity's bronze or silver with no dictionary for the columns whose values
     * rarely repeat (the key, timestamps, the line): a dictionary there only costs hashing every
     * value until Parquet gives up on it, about a tenth of a first load's parse.
     */
    public static <T> DataFrameWriter<T> entityWriter(DataFrameWriter<T> writer, Entity entity) {
        writer.option("parquet.enable.dictionary#" + entity.key(), "false")
                .option("parquet.enable.dictionary#" + LINE, "false");
        for (Field f : entity.fields()) {
            if (f.type() == jp.junkai.schema.FieldType.TIMESTAMP) {
                writer.option("parquet.enable.dictionary#" + f.name(), "false");
            }
        }
        return writer;
    }
}
