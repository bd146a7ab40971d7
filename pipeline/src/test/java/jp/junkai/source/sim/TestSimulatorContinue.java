package jp.junkai.source.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code --continue}: the next days of the same world, as daily batches. */
class TestSimulatorContinue {

    @TempDir
    Path tmp;

    @Test
    void aRunAndItsContinuationHoldTheSameRecordsAsOneLongerRun() throws IOException {
        Path split = tmp.resolve("split");
        Simulator.run(SmallWorld.options(split, 5), m -> { });
        SimulationSummary more = Simulator.continueRun(split, 5, m -> { });
        assertThat(more.totalRecords()).isPositive();

        Path whole = tmp.resolve("whole");
        SimulationOptions o = SmallWorld.options(whole, 5);
        // one run through the later day: same start, one more month of history to reach it
        Simulator.run(new SimulationOptions(o.seed(), whole, o.stations(), o.units(), o.months() + 1,
                o.end().plusDays(5), 0.0, o.flavourCycle(), o.stationFlavours(), null, 2), m -> { });

        assertThat(records(split)).isEqualTo(records(whole));
    }

    @Test
    void continuationWritesDailyBatchesAndMovesTheState() throws IOException {
        Path out = tmp.resolve("daily");
        Simulator.run(SmallWorld.options(out, 6), m -> { });
        Simulator.continueRun(out, 3, m -> { });
        // 2026-11-02 and -03 are weekdays: both stations have visits
        for (String day : List.of("20261102", "20261103")) {
            assertThat(out.resolve("S001/visits/" + day + "-230000.jsonl")).exists();
            assertThat(out.resolve("S001/visits/" + day + "-230000.jsonl.done")).exists();
            assertThat(out.resolve("S002/visits/" + day + "-230000.csv")).exists();
            assertThat(out.resolve("S002/visits/" + day + "-230000.csv.done")).exists();
        }
        assertThat(out.resolve("S001/visits/20261104-230000.jsonl")).doesNotExist();
        assertThat(Files.readString(SimulatorState.file(out))).contains("\"written_through\" : \"2026-11-03\"");
    }

    @Test
    void continuationFinishesTheFilesLeftUnfinished() throws IOException {
        Path out = tmp.resolve("unfinished");
        Simulator.run(SmallWorld.options(out, 7).withDefectRate(0.02), m -> { });
        JsonNode before = SimulatorState.JSON.readTree(out.resolve("_simulator/manifest.json").toFile());
        List<String> unfinished = new ArrayList<>();
        before.get("unfinished_files").forEach(f -> unfinished.add(f.asText()));
        assertThat(unfinished).isNotEmpty();
        Simulator.continueRun(out, 5, m -> { });
        for (String f : unfinished) {
            assertThat(out.resolve(f + ".done")).exists();
        }
        JsonNode after = SimulatorState.JSON.readTree(out.resolve("_simulator/manifest.json").toFile());
        // the planted records of both runs are listed
        assertThat(after.get("planted_bad_records").asLong()).isGreaterThan(before.get("planted_bad_records").asLong());
    }

    @Test
    void refusesToContinueAFolderTheSimulatorDidNotWrite() {
        assertThatThrownBy(() -> Simulator.continueRun(tmp, 1, m -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("Cannot continue");
        assertThatThrownBy(() -> Simulator.continueRun(tmp, 0, m -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--days");
    }

    private static List<String> records(Path inbox) throws IOException {
        List<String> all = new ArrayList<>();
        for (InboxScan.Line l : InboxScan.scan(inbox)) {
            all.add(l.station() + " " + l.entity().code() + " " + l.result());
        }
        Collections.sort(all);
        return all;
    }
}
