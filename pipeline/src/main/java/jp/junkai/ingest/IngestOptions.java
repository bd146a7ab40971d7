package jp.junkai.ingest;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jp.junkai.lake.SilverFold;
import jp.junkai.schema.StationSource;

/**
 * What one ingest run pulls, and into which lake.
 *
 * @param lake         the lake root
 * @param fileStations stations that deliver files
 * @param pullTime     Japan local time of the pull: the future-date check's clock and the run id
 * @param archiveDir   where taken files are moved after the commit; null leaves them in place
 * @param rebuildSilver rebuild silver from bronze first (done anyway when silver is missing)
 * @param jdbcStations stations pulled over JDBC
 * @param env          where the jdbc stations' credential variables are looked up (the environment)
 * @param fold         when silver segments are folded into a new base
 */
public record IngestOptions(Path lake, List<FileStation> fileStations, LocalDateTime pullTime, Path archiveDir,
                            boolean rebuildSilver, List<StationSource> jdbcStations, Map<String, String> env,
                            SilverFold fold) {

    public IngestOptions {
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(pullTime, "pullTime");
        Objects.requireNonNull(fold, "fold");
        fileStations = List.copyOf(fileStations);
        jdbcStations = List.copyOf(jdbcStations);
        env = Map.copyOf(env);
    }

    public IngestOptions(Path lake, List<FileStation> fileStations, LocalDateTime pullTime, Path archiveDir,
                         boolean rebuildSilver, List<StationSource> jdbcStations, Map<String, String> env) {
        this(lake, fileStations, pullTime, archiveDir, rebuildSilver, jdbcStations, env, SilverFold.DEFAULT);
    }

    /** The same run with another fold policy. */
    public IngestOptions withFold(SilverFold policy) {
        return new IngestOptions(lake, fileStations, pullTime, archiveDir, rebuildSilver, jdbcStations, env, policy);
    }

    public IngestOptions(Path lake, List<FileStation> fileStations, LocalDateTime pullTime, Path archiveDir,
                         boolean rebuildSilver) {
        this(lake, fileStations, pullTime, archiveDir, rebuildSilver, List.of(), Map.of());
    }

    public IngestOptions(Path lake, List<FileStation> fileStations, LocalDateTime pullTime, Path archiveDir) {
        this(lake, fileStations, pullTime, archiveDir, false);
    }
}
