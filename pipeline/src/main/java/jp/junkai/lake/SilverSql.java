package jp.junkai.lake;

import java.util.ArrayList;
import java.util.List;

import jp.junkai.schema.Entity;

/**
 * Silver read by DuckDB instead of Spark, for tools that check the lake in SQL (the benchmark's
 * reference, the tests' oracle): the same rule as {@link Silver#current} and {@link Silver#live},
 * a key's version in the newest segment that has it, tombstones dropped.
 */
public final class SilverSql {

    private SilverSql() {
    }

    /** A DuckDB statement creating the temporary table {@code <entity code>} of the live current records. */
    public static String liveTable(Lake lake, RunRecord state, Entity e) {
        List<String> selects = new ArrayList<>();
        List<String> segments = state.silver().get(e.code());
        for (int i = 0; i < segments.size(); i++) {
            selects.add("SELECT *, " + i + " AS seg FROM read_parquet('" + lake.silver(e, segments.get(i)) + "/*.parquet')");
        }
        return "CREATE TEMP TABLE " + e.code() + " AS SELECT * EXCLUDE (seg) FROM (" + String.join(" UNION ALL ", selects)
                + ") QUALIFY row_number() OVER (PARTITION BY " + e.key() + " ORDER BY seg DESC) = 1"
                + " AND NOT coalesce(deleted, false)";
    }
}
