package jp.junkai.ingest;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * What one ingest run pulls, and into which lake.
 *
 * @param lake         the lake root
 * @param fileStations stations that deliver files
 * @param pullTime     Japan local time of the pull: the future-date check's clock and the run id
 * @param archiveDir   where taken files are moved after the commit; null leaves them in place
 */
public record IngestOptions(Path lake, List<FileStation> fileStations, LocalDateTime pullTime, Path archiveDir) {

    public IngestOptions {
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(pullTime, "pullTime");
        fileStations = List.copyOf(fileStations);
    }
}
