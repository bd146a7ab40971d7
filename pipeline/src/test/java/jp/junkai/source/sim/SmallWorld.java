package jp.junkai.source.sim;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jp.junkai.schema.Flavour;

/** Options of the small worlds the simulator tests build: a few seconds each. */
final class SmallWorld {

    static final LocalDate END = LocalDate.of(2026, 10, 31);

    private SmallWorld() {
    }

    static SimulationOptions options(Path out, long seed) {
        return new SimulationOptions(seed, out, 2, 1_600, 14, END, 0.0, List.of(Flavour.JSONL, Flavour.CSV_SJIS),
                Map.of(), null, 2);
    }
}
