package jp.junkai.run;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
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
import jp.junkai.marts.ChangedMonths;
import jp.junkai.marts.ChangedUnits;
import jp.junkai.marts.IngestMarts;
import jp.junkai.marts.MartBuild;
import jp.junkai.marts.MartInputs;
import jp.junkai.marts.KeptOfficerMonths;
import jp.junkai.marts.MartStore;
import jp.junkai.marts.OfficerMonthly;
import jp.junkai.marts.SnapshotPlan;
import jp.junkai.marts.snapshot.SnapshotReuse;
import jp.junkai.marts.snapshot.UnitSnapshots;
import jp.junkai.marts.snapshot.UnitStatusFiles;
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

    /**
     * The version of the snapshot definitions and fingerprints: raise it with any change to what a
     * snapshot, a beat fingerprint or the officers' work computes, or to how unit histories are kept
     * ({@link MartBuild#UNIT_HISTORIES}), so that no build keeps results of the earlier arithmetic.
     */
    static final int ENGINE_VERSION = 5;

    private MainJob() {
    }

    public static Result run(SparkSession spark, IngestOptions ingest, Path rulesFile, YearMonth through, Path duckdb,
                             Consumer<String> progress) throws IOException {
        RuleFile rules = RuleFile.load(rulesFile);
        // what the snapshots were computed with: the rule file and the engine's arithmetic, so that
        // a release that changes a definition recomputes every kept snapshot
        String rulesSha = sha256(Files.readAllBytes(rulesFile)) + "+engine-" + ENGINE_VERSION;
        IngestSummary summary = Ingest.run(spark, ingest, progress);
        Lake lake = new Lake(ingest.lake());
        RunRecord state = lake.latest().orElseThrow(() -> new IllegalStateException(
                "Cannot compute marts: lake " + lake.root() + " has no committed run"));
        MartStore store = new MartStore(lake);
        Optional<MartStore.Build> previous = store.current();
        MartInputs in = MartInputs.fromLake(spark, lake, state);
        MartBuild.WorkInputs workInputs = workInputs(spark, lake, state, in, previous, progress);
        SnapshotPlan plan = SnapshotPlan.of(workInputs.firstVisitMonth(), through, rules);
        List<LocalDate> days = plan.statusDays();
        int partitions = spark.sessionState().conf().numShufflePartitions();
        MartStore.Build build;
        boolean upToDate = previous.isPresent() && previous.get().run().equals(state.run())
                && previous.get().rules().equals(rulesSha) && previous.get().through().equals(through.toString())
                && days.stream().map(LocalDate::toString).toList().equals(previous.get().days());
        if (upToDate) {
            build = previous.get();
            progress.accept("marts: inputs unchanged since build " + build.build() + "; exporting it");
        } else {
            build = compute(spark, lake, store, reusable(previous, rulesSha, partitions), state, rules, rulesSha,
                    through, in, plan, partitions, workInputs, progress);
        }
        Map<String, Path> exported = new LinkedHashMap<>();
        for (String mart : EXPORTED) {
            exported.put(mart, build.marts().containsKey(mart) ? store.folder(build, mart)
                    : lake.currentMart(mart).orElseThrow(() -> new IllegalStateException(
                            "Cannot export mart " + mart + ": the lake has none")));
        }
        progress.accept("export: writing " + exported.size() + " marts to " + duckdb);
        DuckDbExport.write(exported, duckdb);
        return new Result(summary, plan.months().size(), !upToDate, duckdb);
    }

    /**
     * The earlier build whose snapshots this one may keep where their inputs are the same: one
     * computed with the same rule file and partition count that recorded its beats' fingerprints.
     */
    static Optional<MartStore.Build> reusable(Optional<MartStore.Build> previous, String rulesSha, int partitions) {
        return previous.filter(p -> p.rules().equals(rulesSha) && p.days() != null
                && Integer.valueOf(partitions).equals(p.partitions()) && p.marts().containsKey(MartBuild.BEAT_INPUTS)
                && p.marts().containsKey(MartBuild.UNIT_STATUS) && p.marts().containsKey(MartBuild.BEAT_COUNTS)
                && p.marts().containsKey(MartBuild.OFFICER_WORK) && p.officerInputs() != null);
    }

    /**
     * The months whose officers' work is counted anew: all without an earlier build; else those
     * the earlier build did not count, and those whose inputs, or the inputs of the month before
     * (a visit within 60 seconds of one at the end of that month), changed since.
     */
    static Set<YearMonth> recountedMonths(Optional<MartStore.Build> previous, Map<String, String> inputs,
                                          List<YearMonth> months) {
        Set<YearMonth> recount = new TreeSet<>();
        if (previous.isEmpty()) {
            recount.addAll(months);
            return recount;
        }
        // the months the earlier build counted: its status days but the first, which may be the
        // month-end before its first snapshot month (recounting that month too costs little)
        Set<String> had = new HashSet<>();
        previous.get().days().stream().skip(1).forEach(d -> had.add(YearMonth.from(LocalDate.parse(d)).toString()));
        Map<String, String> before = previous.get().officerInputs();
        for (YearMonth m : months) {
            String month = m.toString();
            String monthBefore = m.minusMonths(1).toString();
            if (!had.contains(month) || !java.util.Objects.equals(before.get(month), inputs.get(month))
                    || !java.util.Objects.equals(before.get(monthBefore), inputs.get(monthBefore))) {
                recount.add(m);
            }
        }
        return recount;
    }

    private static MartStore.Build compute(SparkSession spark, Lake lake, MartStore store,
                                           Optional<MartStore.Build> previous, RunRecord state, RuleFile rules,
                                           String rulesSha, YearMonth through, MartInputs in, SnapshotPlan plan,
                                           int partitions, MartBuild.WorkInputs workInputs,
                                           Consumer<String> progress) throws IOException {
        String run = state.run();
        Map<String, String> officerInputs = workInputs.parts();
        List<LocalDate> days = plan.statusDays();
        progress.accept(plan.isEmpty() ? "marts: no snapshot (no visit through " + through + ")"
                : String.format("marts: %d snapshots, %s through %s; unit statuses on %d days%s",
                plan.months().size(), plan.months().get(0), through, days.size(),
                previous.isPresent() ? ", keeping what build " + previous.get().build() + " computed from the same inputs"
                        : ""));
        String name = run + "-" + sha256((rulesSha + through + partitions).getBytes(StandardCharsets.UTF_8))
                .substring(0, 8);
        MartStore.Staging staging = store.stage(name);
        MartBuild marts = new MartBuild(in, rules, plan);
        try {
            SnapshotReuse reuse = previous.isEmpty() ? null : MartBuild.reuse(spark, store, previous.get(), in.beats(),
                    partitions);
            MartBuild.EarlierHistories earlier = earlierHistories(spark, lake, store, previous, state);
            progress.accept("marts: writing " + MartBuild.UNIT_STATUS + " on " + days.size() + " days, "
                    + (earlier == null ? "every unit history gathered"
                    : String.format("unit histories of build %s kept but %,d changed units gathered",
                    previous.get().build(), earlier.changedUnits().size())));
            UnitStatusFiles.Pass pass = marts.writeUnitStatusesAndCount(days, staging.tableFolder(MartBuild.UNIT_STATUS),
                    reuse, days.isEmpty() ? null : staging.tableFolder(MartBuild.UNIT_HISTORIES), earlier);
            progress.accept(String.format("marts: unit status files of a day and bucket of beats: %d computed"
                    + " (%d of them linked, only their counts changed), %d kept",
                    pass.computedDays(), pass.linkedDays(), pass.keptDays()));
            Dataset<Row> counts = UnitSnapshots.beatCounts(spark, pass.counts());
            if (!pass.kept().isEmpty()) {
                counts = counts.unionByName(MartBuild.keptCounts(spark, store.folder(previous.get(), MartBuild.BEAT_COUNTS),
                        pass.kept()));
            }
            progress.accept("marts: writing " + MartBuild.BEAT_COUNTS);
            staging.write(MartBuild.BEAT_COUNTS, counts);
            staging.write(MartBuild.BEAT_INPUTS, MartBuild.beatInputs(spark, pass.fingerprints()));
            if (reuse != null) {
                reuse.fingerprints().destroy();
            }
            // the unit histories are needed no more: free their memory for the officer marts
            marts.release();
            Set<YearMonth> recount = recountedMonths(previous, officerInputs, plan.months());
            progress.accept(String.format("marts: officers' work of %d months counted, %d kept", recount.size(),
                    plan.months().size() - recount.size()));
            Dataset<Row> work = marts.officerWork(recount);
            if (recount.size() < plan.months().size()) {
                List<java.sql.Date> keptMonths = plan.months().stream().filter(m -> !recount.contains(m))
                        .map(m -> java.sql.Date.valueOf(m.atDay(1))).toList();
                work = work.unionByName(spark.read().parquet(store.folder(previous.get(), MartBuild.OFFICER_WORK).toString())
                        .where(col("month").isin(keptMonths.toArray())));
            }
            staging.write(MartBuild.OFFICER_WORK, work);
            Dataset<Row> countsNow = staging.read(spark, MartBuild.BEAT_COUNTS);
            Set<YearMonth> keptOfficerMonths = keptOfficerMonths(spark, lake, store, previous, state, plan, recount,
                    countsNow);
            progress.accept(String.format("marts: %s of %d months kept, %d computed", OfficerMonthly.NAME,
                    keptOfficerMonths.size(), plan.months().size() - keptOfficerMonths.size()));
            Dataset<Row> keptOfficerRows = keptOfficerMonths.isEmpty() ? null : KeptOfficerMonths.rows(spark,
                    store.folder(previous.get(), OfficerMonthly.NAME), keptOfficerMonths);
            for (Map.Entry<String, Dataset<Row>> m : marts.marts(countsNow, staging.read(spark, MartBuild.OFFICER_WORK),
                    keptOfficerMonths, keptOfficerRows).entrySet()) {
                progress.accept("marts: writing " + m.getKey());
                staging.write(m.getKey(), m.getValue());
            }
        } finally {
            marts.release();
        }
        return store.commit(staging, run, rulesSha, through.toString(), days.stream().map(LocalDate::toString).toList(),
                partitions, officerInputs, workInputs.firstVisitMonth() == null ? null
                        : workInputs.firstVisitMonth().toString());
    }

    /**
     * What the officers' work of each month reads, and the first month with a visit: from the
     * earlier build's and the silver deltas since ({@link ChangedMonths}: a month that changed gets
     * a mark of this run, so that it differs from what the earlier build counted) where they can
     * tell, else from a pass over all visits and approvals ({@link MartBuild#workInputs}). Not
     * where a visit of the earlier first month (or before) was displaced: that month may have lost
     * its last visit.
     */
    static MartBuild.WorkInputs workInputs(SparkSession spark, Lake lake, RunRecord state, MartInputs in,
                                           Optional<MartStore.Build> previous, Consumer<String> progress) {
        if (previous.isPresent() && previous.get().firstVisitMonth() != null && previous.get().officerInputs() != null) {
            YearMonth first = YearMonth.parse(previous.get().firstVisitMonth());
            Optional<ChangedMonths.Changes> changes = ChangedMonths.since(spark, lake, previous.get().run(), state);
            if (changes.isPresent() && (changes.get().firstDisplaced() == null
                    || changes.get().firstDisplaced().isAfter(first))) {
                ChangedMonths.Changes c = changes.get();
                if (c.firstNewVisit() != null && c.firstNewVisit().isBefore(first)) {
                    first = c.firstNewVisit();
                }
                Map<String, String> parts = new java.util.TreeMap<>(previous.get().officerInputs());
                for (YearMonth m : c.months()) {
                    parts.put(m.toString(), "changed-" + state.run());
                }
                progress.accept(String.format("marts: visits or night approvals of %d months changed since build %s",
                        c.months().size(), previous.get().build()));
                return new MartBuild.WorkInputs(parts, first);
            }
        }
        return MartBuild.workInputs(in);
    }

    /**
     * The months of {@code officer_monthly} whose rows the earlier build's stand for
     * ({@link KeptOfficerMonths}): none without an earlier build of the same rules, or where the
     * officers, assignments or beats changed since.
     */
    private static Set<YearMonth> keptOfficerMonths(SparkSession spark, Lake lake, MartStore store,
                                                    Optional<MartStore.Build> previous, RunRecord state,
                                                    SnapshotPlan plan, Set<YearMonth> recounted, Dataset<Row> countsNow) {
        if (previous.isEmpty() || !previous.get().marts().containsKey(OfficerMonthly.NAME)) {
            return Set.of();
        }
        MartStore.Build earlier = previous.get();
        Optional<RunRecord> earlierRun = lake.committed(earlier.run());
        if (earlierRun.isEmpty() || !KeptOfficerMonths.sameDimensions(earlierRun.get(), state)) {
            return Set.of();
        }
        // the months of the earlier mart: its status days but the first (the month-end before its first month)
        List<YearMonth> earlierMonths = earlier.days().stream().skip(1).map(d -> YearMonth.from(LocalDate.parse(d)))
                .toList();
        return KeptOfficerMonths.months(plan.months(), earlierMonths, recounted,
                KeptOfficerMonths.digests(spark.read().parquet(store.folder(earlier, MartBuild.BEAT_COUNTS).toString())),
                KeptOfficerMonths.digests(countsNow), true);
    }

    /**
     * The earlier build's unit histories and the units changed since, when the build kept them and
     * the silver deltas since tell which units changed ({@link ChangedUnits}); else null.
     */
    private static MartBuild.EarlierHistories earlierHistories(SparkSession spark, Lake lake, MartStore store,
                                                               Optional<MartStore.Build> previous, RunRecord state) {
        if (previous.isEmpty() || !previous.get().marts().containsKey(MartBuild.UNIT_HISTORIES)) {
            return null;
        }
        return ChangedUnits.since(spark, lake, previous.get().run(), state)
                .map(changed -> new MartBuild.EarlierHistories(store.folder(previous.get(), MartBuild.UNIT_HISTORIES),
                        changed))
                .orElse(null);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
