package jp.junkai.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import jp.junkai.lake.RunRecord;
import jp.junkai.schema.Entity;

/**
 * The months of {@code officer_monthly} an earlier build's rows stand for. A month's rows read only
 * the officers, their assignments and the beats, the rule set, the officers' work of the month
 * ({@link OfficerWork}) and, of the beat counts, {@link OfficerMonthly#COUNTS_READ} on the month-end
 * before it and its own; where none of those changed since the earlier build, its rows are as the
 * earlier build computed them. A nightly run, whose new records reach the last months only (card
 * corrections change every day's card counts, which this mart does not read), then computes two
 * or three months of the mart instead of every one.
 */
public final class KeptOfficerMonths {

    /** The entities whose records every month of the mart reads. */
    static final List<Entity> DIMENSIONS = List.of(Entity.OFFICERS, Entity.ASSIGNMENTS, Entity.BEATS);

    private KeptOfficerMonths() {
    }

    /**
     * What the mart reads of the beat counts on each day: {@code as_of → "rows:xor"} of a hash of
     * each beat's {@link OfficerMonthly#COUNTS_READ} (a beat has one row a day, so equal digests mean
     * equal rows but for a 64-bit hash collision).
     */
    public static Map<LocalDate, String> digests(Dataset<Row> beatCounts) {
        List<Column> hashed = new ArrayList<>(List.of(col("beat_code")));
        OfficerMonthly.COUNTS_READ.forEach(c -> hashed.add(col(c)));
        Map<LocalDate, String> out = new TreeMap<>();
        for (Row r : beatCounts.groupBy("as_of")
                .agg(expr("count(1)"), org.apache.spark.sql.functions.bit_xor(
                        org.apache.spark.sql.functions.xxhash64(hashed.toArray(Column[]::new))))
                .collectAsList()) {
            out.put(r.getLocalDate(0), r.getLong(1) + ":" + r.getLong(2));
        }
        return out;
    }

    /** Whether the officers, assignments and beats are the same records in two committed runs' silver. */
    public static boolean sameDimensions(RunRecord earlier, RunRecord now) {
        return DIMENSIONS.stream().allMatch(e -> Objects.equals(earlier.silver().get(e.code()), now.silver().get(e.code())));
    }

    /**
     * The months whose rows stand: months of the earlier build's mart whose work was kept
     * (not recounted) and whose counts read on both month-ends have the same digests, provided the
     * dimensions and the rules are the same (else none).
     *
     * @param months        the months of the mart now
     * @param earlierMonths the months of the earlier build's mart
     * @param recounted     the months whose officers' work was counted anew
     * @param before        {@link #digests} of the earlier build's beat counts
     * @param now           {@link #digests} of the beat counts now
     * @param sameInputs    whether the dimensions ({@link #sameDimensions}) and the rules are the same
     */
    public static Set<YearMonth> months(List<YearMonth> months, Collection<YearMonth> earlierMonths,
                                        Collection<YearMonth> recounted, Map<LocalDate, String> before,
                                        Map<LocalDate, String> now, boolean sameInputs) {
        Set<YearMonth> kept = new TreeSet<>();
        if (!sameInputs) {
            return kept;
        }
        for (YearMonth m : months) {
            LocalDate d0 = m.minusMonths(1).atEndOfMonth();
            LocalDate d1 = m.atEndOfMonth();
            if (earlierMonths.contains(m) && !recounted.contains(m) && sameDigest(before, now, d0)
                    && sameDigest(before, now, d1)) {
                kept.add(m);
            }
        }
        return kept;
    }

    /** Equal digests of a day, or the day in neither (a month-end before any rule set is counted in neither). */
    private static boolean sameDigest(Map<LocalDate, String> before, Map<LocalDate, String> now, LocalDate day) {
        return before.containsKey(day) == now.containsKey(day) && Objects.equals(before.get(day), now.get(day));
    }

    /** The earlier build's rows of those months. */
    public static Dataset<Row> rows(SparkSession spark, Path earlierMart, Collection<YearMonth> months) {
        return spark.read().parquet(earlierMart.toString())
                .where(col("month").isin(months.stream().map(m -> java.sql.Date.valueOf(m.atDay(1))).toArray()));
    }
}
