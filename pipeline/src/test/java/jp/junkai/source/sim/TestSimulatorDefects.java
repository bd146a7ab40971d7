package jp.junkai.source.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import jp.junkai.schema.Entity;
import jp.junkai.schema.ReasonCode;
import jp.junkai.source.file.ReadResult;

/** {@code --defects}: what the manifest says was planted is exactly what the read boundary rejects. */
class TestSimulatorDefects {

    @TempDir
    static Path tmp;

    static Path world;
    static List<InboxScan.Line> lines;
    static JsonNode manifest;

    @BeforeAll
    static void simulate() throws IOException {
        world = tmp.resolve("defects");
        Simulator.run(SmallWorld.options(world, 3).withDefectRate(0.02), m -> { });
        lines = InboxScan.scan(world);
        manifest = SimulatorState.JSON.readTree(world.resolve("_simulator/manifest.json").toFile());
    }

    /** Rejections of the read boundary plus visits whose unit or officer no record names (SPEC §6.7). */
    private static Set<String> observedQuarantine() {
        Set<Object> units = new HashSet<>();
        Set<Object> officers = new HashSet<>();
        for (InboxScan.Line l : lines) {
            if (l.parsed() && l.entity() == Entity.UNITS) {
                units.add(l.get("unit_id"));
            }
            if (l.parsed() && l.entity() == Entity.OFFICERS) {
                officers.add(l.get("officer_id"));
            }
        }
        Set<String> seen = new TreeSet<>();
        for (InboxScan.Line l : lines) {
            String reason = null;
            if (l.result() instanceof ReadResult.Rejected r) {
                reason = r.reason().code();
            } else if (l.entity() == Entity.VISITS && !Boolean.TRUE.equals(l.get("deleted"))) {
                if (!units.contains(l.get("unit_id"))) {
                    reason = ReasonCode.UNKNOWN_UNIT.code();
                } else if (!officers.contains(l.get("officer_id"))) {
                    reason = ReasonCode.UNKNOWN_OFFICER.code();
                }
            }
            if (reason != null) {
                seen.add(String.join("|", l.station(), l.entity().code(), l.batch(), String.valueOf(l.line()), reason));
            }
        }
        return seen;
    }

    @Test
    void plantedLinesAreExactlyTheLinesTheReadBoundaryRejects() throws IOException {
        Set<String> planted = new TreeSet<>();
        for (String line : Files.readAllLines(world.resolve("_simulator/planted.jsonl"))) {
            JsonNode n = SimulatorState.JSON.readTree(line);
            planted.add(String.join("|", n.get("station").asText(), n.get("entity").asText(), n.get("batch").asText(),
                    n.get("line").asText(), n.get("reason").asText()));
        }
        assertThat(planted).hasSizeGreaterThan(20);
        Set<String> observed = observedQuarantine();
        Set<String> unexpected = new TreeSet<>(observed);
        unexpected.removeAll(planted);
        Set<String> missed = new TreeSet<>(planted);
        missed.removeAll(observed);
        assertThat(unexpected).as("rejected but not planted").isEmpty();
        assertThat(missed).as("planted but not rejected").isEmpty();
    }

    @Test
    void everyReasonCodeIsPlantedInBothFileFlavours() {
        Set<String> reasons = new TreeSet<>();
        manifest.get("planted_by_reason").fieldNames().forEachRemaining(reasons::add);
        List<String> all = new ArrayList<>();
        for (ReasonCode r : ReasonCode.values()) {
            all.add(r.code());
        }
        assertThat(reasons).containsExactlyInAnyOrderElementsOf(all);
        for (String station : List.of("S001", "S002")) {
            Set<String> perStation = new TreeSet<>();
            manifest.get("expected_quarantine_summary").forEach(row -> {
                if (row.get("station_code").asText().equals(station)) {
                    perStation.add(row.get("reason").asText());
                }
            });
            assertThat(perStation).as(station).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void expectedQuarantineSummaryAddsUpThePlantedLines() {
        Map<String, Long> expected = new TreeMap<>();
        manifest.get("expected_quarantine_summary").forEach(row -> expected.put(String.join("|",
                row.get("station_code").asText(), row.get("entity").asText(), row.get("batch").asText(),
                row.get("reason").asText()), row.get("records").asLong()));
        Map<String, Long> observed = new TreeMap<>();
        for (String s : observedQuarantine()) {
            String[] p = s.split("\\|");
            observed.merge(String.join("|", p[0], p[1], p[2], p[4]), 1L, Long::sum);
        }
        assertThat(observed).isEqualTo(expected);
        assertThat(manifest.get("planted_bad_records").asLong())
                .isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void duplicateFilesAreByteCopiesUnderAnotherNameWithTheirMarker() throws IOException {
        assertThat(manifest.get("duplicate_files")).isNotEmpty();
        for (JsonNode f : manifest.get("duplicate_files")) {
            Path copy = world.resolve(f.asText());
            Path original = Path.of(copy.toString().replace("-231500.", "-230000."));
            assertThat(copy.getFileName().toString()).isNotEqualTo(original.getFileName().toString());
            assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(original));
            assertThat(Path.of(copy + ".done")).exists();
        }
    }

    @Test
    void unfinishedFilesHaveNoMarker() {
        assertThat(manifest.get("unfinished_files")).hasSize(2);
        for (JsonNode f : manifest.get("unfinished_files")) {
            assertThat(world.resolve(f.asText())).exists();
            assertThat(world.resolve(f.asText() + ".done")).doesNotExist();
        }
    }

    @Test
    void plantsTombstonesReSendsAndRepeatedKeys() {
        JsonNode c = manifest.get("counters");
        assertThat(c.get("resent_records").asLong()).isPositive();
        assertThat(c.get("tombstones").asLong()).isPositive();
        assertThat(c.get("stale_tombstones").asLong()).isPositive();
        assertThat(c.get("repeated_keys_in_file").asLong()).isPositive();
        long tombstonesRead = lines.stream().filter(l -> l.parsed() && Boolean.TRUE.equals(l.get("deleted"))).count();
        assertThat(tombstonesRead).isEqualTo(c.get("tombstones").asLong() + c.get("stale_tombstones").asLong());
    }

    @Test
    void plantingDefectsLeavesTheCleanWorldAsItWas() throws IOException {
        Path clean = tmp.resolve("clean");
        Simulator.run(SmallWorld.options(clean, 3), m -> { });
        Set<String> cleanVisits = new HashSet<>();
        for (InboxScan.Line l : InboxScan.scan(clean)) {
            if (l.entity() == Entity.VISITS) {
                cleanVisits.add(((ReadResult.Parsed) l.result()).toString());
            }
        }
        Set<String> withDefects = new HashSet<>();
        for (InboxScan.Line l : lines) {
            if (l.entity() == Entity.VISITS && l.parsed()) {
                withDefects.add(l.result().toString());
            }
        }
        assertThat(withDefects).containsAll(cleanVisits);
    }
}
