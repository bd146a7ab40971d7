package jp.junkai.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Shows a long run's progress messages on stderr without flooding it: the first message at once,
 * then at most one line per interval (the latest message wins), each stamped with the elapsed
 * time. Plain lines, not a redrawn terminal line, so that logs and CI output stay readable.
 * Thread-safe: simulated stations report from several threads.
 */
final class ProgressPrinter implements Consumer<String> {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long lastPrintNanos;
    private boolean printedAny;
    private String heldBack;

    ProgressPrinter(PrintWriter err, Duration interval, LongSupplier nanoClock) {
        this.err = err;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    static ProgressPrinter toStderr(PrintWriter err) {
        return new ProgressPrinter(err, DEFAULT_INTERVAL, System::nanoTime);
    }

    @Override
    public synchronized void accept(String message) {
        long now = nanoClock.getAsLong();
        if (!printedAny || now - lastPrintNanos >= intervalNanos) {
            print(message, now);
        } else {
            heldBack = message;
        }
    }

    /**
     * Prints a message at once, whatever the interval: for the few lines that must all show (one per
     * ingested station). It replaces a held-back message, as a later one would.
     */
    synchronized void always(String message) {
        print(message, nanoClock.getAsLong());
    }

    /** Prints the last message if the interval held it back, so the final state is always shown. */
    synchronized void finish() {
        if (heldBack != null) {
            print(heldBack, nanoClock.getAsLong());
        }
    }

    private void print(String message, long now) {
        long seconds = Duration.ofNanos(now - startNanos).toSeconds();
        err.printf("[%d:%02d] %s%n", seconds / 60, seconds % 60, message);
        err.flush();
        lastPrintNanos = now;
        printedAny = true;
        heldBack = null;
    }
}
