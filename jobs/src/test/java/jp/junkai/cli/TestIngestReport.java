package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import jp.junkai.ingest.IngestSummary;
import jp.junkai.ingest.IngestSummary.EntityCounts;

class TestIngestReport {

    @Test
    void printsEntitiesInSpecOrderThenParseableTotals() {
        // Ingest reports in merge order (visits last); the table is in SPEC order, as simulate's.
        IngestSummary summary = new IngestSummary("20261101-060000000", List.of(
                new EntityCounts("units", 3_000, 2_990, 4, 6),
                new EntityCounts("beats", 60, 60, 0, 0),
                new EntityCounts("visits", 12_345, 12_000, 300, 45)), 48, 2, 9.5);

        String text = print(summary, Duration.ofMillis(12_340));

        assertThat(text).isEqualTo(String.join("\n",
                "Ingested 3 stations into lake in 12.3 s: run 20261101-060000000",
                "",
                "  entity                     read        applied     duplicates    quarantined",
                "  beats                        60             60              0              0",
                "  units                     3,000          2,990              4              6",
                "  visits                   12,345         12,000            300             45",
                "  total                    15,405         15,050            304             51",
                "",
                "stations: 3",
                "files taken: 48",
                "files repeated: 2",
                "run: 20261101-060000000",
                "lake: lake",
                "records: 15405",
                "seconds: 12.3",
                "").replace("\n", System.lineSeparator()));
    }

    @Test
    void nothingNewIsAReportWithZeroRecords() {
        String text = print(new IngestSummary(null, List.of(), 0, 0, 0.4), Duration.ofMillis(3_050));

        assertThat(text).startsWith("Nothing new from 3 stations for lake (3.1 s)" + System.lineSeparator())
                .contains("  total                         0              0              0              0")
                .contains("run: nothing new" + System.lineSeparator(), "records: 0" + System.lineSeparator(),
                        "files taken: 0" + System.lineSeparator());
    }

    private static String print(IngestSummary summary, Duration elapsed) {
        StringWriter out = new StringWriter();
        IngestReport.print(new PrintWriter(out), summary, Path.of("lake"), 3, elapsed);
        return out.toString();
    }
}
