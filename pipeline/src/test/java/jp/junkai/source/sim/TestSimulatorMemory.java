package jp.junkai.source.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.junkai.schema.Flavour;

/**
 * The simulator streams: its memory depends on the size of one station, not on the number of
 * stations or months. Proven in a child JVM with a heap far too small to hold the output.
 */
class TestSimulatorMemory {

    @TempDir
    Path tmp;

    /** Entry point of the child JVM: {@code <out> <stations> <unitsPerStation> <months>}. */
    public static void main(String[] args) throws IOException {
        int stations = Integer.parseInt(args[1]);
        long units = stations * Long.parseLong(args[2]);
        SimulationOptions o = new SimulationOptions(11, Path.of(args[0]), stations, units, Integer.parseInt(args[3]),
                LocalDate.of(2026, 10, 31), 0.01, List.of(Flavour.JSONL, Flavour.CSV_SJIS), Map.of(), null, 2);
        SimulationSummary s = Simulator.run(o, m -> { });
        System.out.println("records=" + s.totalRecords());
    }

    @Test
    void manyStationsAndMonthsFitTheHeapOfOne() throws Exception {
        // ~600,000 records with personal data: far more than a 96 MiB heap could hold at once
        String out = run(tmp.resolve("many"), 12, 12_000, 24);
        long records = Long.parseLong(out.substring(out.indexOf("records=") + 8).trim());
        assertThat(records).isGreaterThan(500_000);
        long bytes;
        try (var files = Files.walk(tmp.resolve("many"))) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bytes).isGreaterThan(96L * 1024 * 1024);
    }

    private static String run(Path out, int stations, int unitsPerStation, int months) throws Exception {
        Path log = Files.createTempFile("simulate-child", ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-cp", System.getProperty("java.class.path"), TestSimulatorMemory.class.getName(),
                out.toString(), String.valueOf(stations), String.valueOf(unitsPerStation), String.valueOf(months))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = p.waitFor();
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as("child JVM output:%n%s", text).isZero();
        return text;
    }
}
