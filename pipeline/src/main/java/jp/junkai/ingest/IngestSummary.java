package jp.junkai.ingest;

import java.util.List;

/**
 * What an ingest run did.
 *
 * @param run          the committed run id, or null when there was nothing new
 * @param counts       per entity: read = applied + duplicates + quarantined
 * @param filesTaken   batch files taken
 * @param filesRepeated files skipped because their content was taken already
 * @param seconds      wall time
 * @param failedStations jdbc stations that could not be pulled (they failed alone; their watermarks stay)
 */
public record IngestSummary(String run, List<EntityCounts> counts, int filesTaken, int filesRepeated, double seconds,
                            List<String> failedStations) {

    public IngestSummary {
        failedStations = List.copyOf(failedStations);
    }

    public IngestSummary(String run, List<EntityCounts> counts, int filesTaken, int filesRepeated, double seconds) {
        this(run, counts, filesTaken, filesRepeated, seconds, List.of());
    }

    /** Counts of one entity over the run's batches. */
    public record EntityCounts(String entity, long read, long applied, long duplicates, long quarantined) {
    }

    public long read() {
        return counts.stream().mapToLong(EntityCounts::read).sum();
    }
}
