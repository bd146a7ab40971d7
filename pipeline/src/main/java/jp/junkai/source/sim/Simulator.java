package jp.junkai.source.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Entry point of the station-system simulator (`junkai simulate`). */
public final class Simulator {

    private Simulator() {
    }

    /** Simulates a whole prefecture's history into {@code options.out()} (and the jdbc database). */
    public static SimulationSummary run(SimulationOptions options, Consumer<String> progress) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Writes the next {@code days} days of batches of the world simulated earlier into {@code out}. */
    public static SimulationSummary continueRun(Path out, int days, Consumer<String> progress) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
