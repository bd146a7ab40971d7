package jp.junkai.marts;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import jp.junkai.lake.Lake;
import jp.junkai.lake.LakeSchema;
import jp.junkai.lake.RunRecord;
import jp.junkai.lake.Silver;
import jp.junkai.schema.Entity;

/**
 * The months whose visits or night approvals may differ between an earlier committed run and the
 * lake's state now, told from the silver delta segments written since: the months of their
 * versions and of the versions they displaced ({@link Silver#DISPLACED}); a night approval counts
 * in the month of its date and of the day after (a visit just after midnight may be approved for
 * the day before), as {@link MartBuild#workInputs} files it. A superset, as {@link ChangedUnits}.
 */
public final class ChangedMonths {

    /**
     * @param months         the months that may have changed
     * @param firstNewVisit  the earliest month of a live visit version written since, or null
     * @param firstDisplaced the earliest month of a visit version displaced since (one that may be
     *                       gone), or null
     */
    public record Changes(Set<YearMonth> months, YearMonth firstNewVisit, YearMonth firstDisplaced) {
    }

    private ChangedMonths() {
    }

    /** The changes since the earlier run, or empty when the deltas cannot tell (as {@link ChangedUnits}). */
    public static Optional<Changes> since(SparkSession spark, Lake lake, String earlierRun, RunRecord now) {
        if (earlierRun.equals(now.run())) {
            return Optional.of(new Changes(Set.of(), null, null));
        }
        Optional<RunRecord> earlier = lake.committed(earlierRun);
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        Set<YearMonth> months = new TreeSet<>();
        YearMonth[] first = new YearMonth[2]; // new live visit, displaced visit
        for (Entity e : List.of(Entity.VISITS, Entity.NIGHT_APPROVALS)) {
            Optional<List<String>> deltas = Silver.deltasSince(earlier.get(), now, e);
            if (deltas.isEmpty()) {
                return Optional.empty();
            }
            for (String segment : deltas.get()) {
                Path folder = lake.silver(e, segment);
                Dataset<Row> displaced = Silver.displaced(spark, folder, e);
                if (displaced == null) {
                    return Optional.empty();
                }
                Dataset<Row> written = spark.read().schema(LakeSchema.silver(e)).parquet(folder.toString());
                boolean visits = e == Entity.VISITS;
                String when = visits ? "visited_at" : "approved_date";
                String live = "coalesce(" + Entity.DELETED + ", false) = false";
                Dataset<Row> all = written.selectExpr(when + " AS t", live + " AS live", "false AS displaced")
                        .unionByName(displaced.selectExpr(when + " AS t", "false AS live", "true AS displaced"));
                String month = visits ? "year(t) * 12 + month(t) - 1"
                        : "explode(array_distinct(array(year(t) * 12 + month(t) - 1, "
                        + "year(date_add(t, 1)) * 12 + month(date_add(t, 1)) - 1)))";
                for (Row r : all.where("t IS NOT NULL").selectExpr(month + " AS m", "live", "displaced").distinct()
                        .collectAsList()) {
                    YearMonth m = YearMonth.of(Math.floorDiv(r.getInt(0), 12), Math.floorMod(r.getInt(0), 12) + 1);
                    months.add(m);
                    if (visits && (r.getBoolean(1) || r.getBoolean(2))) {
                        int i = r.getBoolean(2) ? 1 : 0;
                        if (first[i] == null || m.isBefore(first[i])) {
                            first[i] = m;
                        }
                    }
                }
            }
        }
        return Optional.of(new Changes(months, first[0], first[1]));
    }
}
