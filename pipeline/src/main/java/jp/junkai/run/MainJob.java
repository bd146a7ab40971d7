package jp.junkai.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import jp.junkai.export.DuckDbExport;
import jp.junkai.ingest.Ingest;
import jp.junkai.ingest.IngestOptions;
import jp.junkai.ingest.IngestSummary;
import jp.junkai.lake.Lake;
import jp.junkai.lake.RunRecord;
import jp.junkai.marts.IngestMarts;
import jp.junkai.marts.MartBuild;
import jp.junkai.marts.MartInputs;
import jp.junkai.marts.MartStore;
import jp.junkai.marts.SnapshotPlan;
import jp.junkai.schema.rules.RuleFile;

/**
 * The main job, {@code junkai run} (SPEC §3): ingest what is new, compute the snapshots of every
 * month-end from the first month with visits through {@code through}, keep them in the lake, and
 * write every mart of SPEC §4 into the DuckDB file (a new file renamed into place).
 *
 * <p>The marts are recomputed only when their inputs changed: a new ingest run, another rule file
 * or another {@code through}. Otherwise the lake's build is exported as it is, so running twice on
 * the same inbox gives the same tables.
 */
public final class MainJob {

    /** The export order of the tables in the DuckDB file. */
    public static final List<String> EXPORTED = List.of("compliance_beat_monthly", "coverage_beat_monthly",
            "cards_beat_monthly", "officer_monthly", "station_monthly", "koban_inspections", "trend_monthly",
            IngestMarts.QUARANTINE_SUMMARY, IngestMarts.DATA_FRESHNESS);

    /**
     * What a main run did.
     *
     * @param ingest     the ingest summary
     * @param snapshots  the snapshot dates, count
     * @param recomputed whether the marts were computed (false: the lake's build was current)
     */
    public record Result(IngestSummary ingest, int snapshots, boolean recomputed, Path duckdb) {
    }

    private MainJob() {
    }

    public static Result run(SparkSession spark, IngestOptions ingest, Path rulesFile, YearMonth through, Path duckdb,
                             Consumer<String> progress) throws IOException {
        RuleFile rules = RuleFile.load(rulesFile);
        String rulesSha = sha256(Files.readAllBytes(rulesFile));
        IngestSummary summary = Ingest.run(spark, ingest, progress);
        Lake lake = new Lake(ingest.lake());
        RunRecord state = lake.latest().orElseThrow(() -> new IllegalStateException(
                "Cannot compute marts: lake " + lake.root() + " has no committed run"));
        MartStore store = new MartStore(lake);
        Optional<MartStore.Build> current = store.current();
        boolean upToDate = current.isPresent() && current.get().run().equals(state.run())
                && current.get().rules().equals(rulesSha) && current.get().through().equals(through.toString());
        MartStore.Build build;
        int snapshots;
        if (upToDate) {
            build = current.get();
            snapshots = SnapshotPlan.of(null, through, rules).months().size();
            progress.accept("marts: up to date with run " + state.run() + "; exporting build " + build.build());
        } else {
            MartInputs in = MartInputs.fromLake(spark, lake, state);
            SnapshotPlan plan = MartBuild.plan(in, rules, through);
            snapshots = plan.months().size();
            progress.accept(plan.isEmpty() ? "marts: no snapshot (no visit through " + through + ")"
                    : "marts: " + snapshots + " snapshots, " + plan.months().get(0) + " through " + through);
            MartBuild marts = new MartBuild(in, rules, plan);
            Map<String, Dataset<Row>> tables = new LinkedHashMap<>(marts.marts());
            tables.put(MartBuild.UNIT_STATUS, marts.unitStatuses());
            String name = state.run() + "-" + sha256((rulesSha + through).getBytes()).substring(0, 8);
            build = store.write(name, state.run(), rulesSha, through.toString(), tables, progress);
            marts.release();
        }
        Map<String, Path> exported = new LinkedHashMap<>();
        for (String mart : EXPORTED) {
            exported.put(mart, build.marts().containsKey(mart) ? store.folder(build, mart)
                    : lake.currentMart(mart).orElseThrow(() -> new IllegalStateException(
                            "Cannot export mart " + mart + ": the lake has none")));
        }
        progress.accept("export: writing " + exported.size() + " marts to " + duckdb);
        DuckDbExport.write(exported, duckdb);
        return new Result(summary, snapshots, !upToDate, duckdb);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
