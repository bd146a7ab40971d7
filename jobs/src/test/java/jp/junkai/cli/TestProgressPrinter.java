package jp.junkai.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TestProgressPrinter {

    private final AtomicLong clock = new AtomicLong();
    private final StringWriter err = new StringWriter();
    private final ProgressPrinter progress = new ProgressPrinter(new PrintWriter(err), Duration.ofSeconds(5),
            clock::get);

    private void at(long seconds, String message) {
        clock.set(Duration.ofSeconds(seconds).toNanos());
        progress.accept(message);
    }

    @Test
    void printsTheFirstMessageAtOnceThenAtMostOnePerInterval() {
        at(0, "station 1/3");
        at(1, "station 2/3");
        at(3, "station 3/3");
        at(65, "writing manifest");

        assertThat(err.toString()).isEqualTo("[0:00] station 1/3%n[1:05] writing manifest%n".formatted());
    }

    @Test
    void finishShowsTheLastHeldBackMessage() {
        at(0, "station 1/3");
        at(2, "station 3/3");
        clock.set(Duration.ofSeconds(3).toNanos());
        progress.finish();

        assertThat(err.toString()).isEqualTo("[0:00] station 1/3%n[0:03] station 3/3%n".formatted());
    }

    @Test
    void finishPrintsNothingWhenTheLastMessageWasShown() {
        at(0, "done");
        progress.finish();

        assertThat(err.toString()).isEqualTo("[0:00] done%n".formatted());
    }

    @Test
    void alwaysPrintsAtOnceAndTheIntervalCountsFromIt() {
        at(0, "ingest: 2 file stations");
        clock.set(Duration.ofSeconds(1).toNanos());
        progress.always("ingest: S001: 3 new files");
        progress.always("ingest: S002: 4 new files");
        at(2, "parse visits");
        at(7, "merge visits");

        assertThat(err.toString()).isEqualTo(("[0:00] ingest: 2 file stations%n[0:01] ingest: S001: 3 new files%n"
                + "[0:01] ingest: S002: 4 new files%n[0:07] merge visits%n").formatted());
    }
}
