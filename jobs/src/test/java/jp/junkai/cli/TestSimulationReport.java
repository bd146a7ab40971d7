package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.junkai.source.sim.SimulationSummary;

class TestSimulationReport {

    @Test
    void printsEntitiesInSpecOrderThenParseableTotals() {
        SimulationSummary summary = new SimulationSummary(3,
                Map.of("visits", 12_345L, "beats", 60L, "units", 3_000L), 48, Path.of("o/_simulator/manifest.json"));
        StringWriter out = new StringWriter();

        SimulationReport.print(new PrintWriter(out), summary, Path.of("o"), Duration.ofMillis(12_340));

        assertThat(out.toString()).isEqualTo(String.join("\n",
                "Simulated 3 stations into o in 12.3 s",
                "",
                "  entity                  records",
                "  beats                        60",
                "  units                     3,000",
                "  visits                   12,345",
                "  total                    15,405",
                "",
                "stations: 3",
                "batches: 48",
                "records: 15405",
                "seconds: 12.3",
                "manifest: o/_simulator/manifest.json",
                "").replace("\n", System.lineSeparator()));
    }
}
