package jp.junkai.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;

import picocli.CommandLine.Option;

/**
 * Where the stations are and when they are pulled: the options {@code junkai ingest} and
 * {@code junkai run} share (a picocli mixin), declared once so that both read them alike.
 */
final class StationOptions {

    @Option(names = "--sources", paramLabel = "FILE",
            description = "Source registry (docs/sources.md) listing the stations, jdbc ones too; or give --inbox.")
    Path sources;

    @Option(names = "--inbox", paramLabel = "DIR",
            description = "Inbox folder: every station folder in it is a file station, its flavour following "
                    + "its files; or give --sources.")
    Path inbox;

    @Option(names = "--pull-time", paramLabel = "YYYY-MM-DDTHH:MM",
            description = "Japan local time of the pull (default: now in Asia/Tokyo): names the run and is the "
                    + "clock of the future-date check; must be later than the lake's last run.")
    LocalDateTime pullTime;
}
