package jp.junkai.lake;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The ledger entry of one committed ingest run ({@code _ledger/run-<id>.json}). Writing it is the
 * commit: whatever a run wrote is part of the lake only once its entry exists. The latest entry
 * holds the whole current state (silver segments, pending visits, watermarks, freshness, marts),
 * so readers need only that one file; the files a run took are listed in its own entry only.
 *
 * @param run        the run id (sortable: {@code yyyyMMdd-HHmmssSSS})
 * @param previous   the run before, or null
 * @param pulledAt   Japan local time of the pull
 * @param files      batch files taken by this run
 * @param skipped    files skipped because their content was taken before (same hash)
 * @param batches    per batch taken by this run: read = applied + duplicates + quarantined
 * @param watermarks per jdbc station and entity ({@code S003/visits}): the last (updated_at, key) read
 * @param silver     per entity: the silver segment folders, oldest first
 * @param pending    the folder of visits waiting for their unit or officer, or null
 * @param freshness  per station and entity ({@code S001/visits})
 * @param marts      per mart written by ingest: its folder
 * @param held       per jdbc station and entity: rows dated after the pull ({@code key|updated_at}); the
 *                   watermark cannot pass them yet, so later pulls see them again and skip them
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunRecord(String run, String previous, String pulledAt, List<TakenFile> files, List<TakenFile> skipped,
                        List<BatchCount> batches, Map<String, Mark> watermarks, Map<String, List<String>> silver,
                        String pending, Map<String, Freshness> freshness, Map<String, String> marts,
                        Map<String, List<String>> held) {

    public RunRecord {
        held = held == null ? Map.of() : held;
    }

    /**
     * A batch file taken (or skipped as a repeat of one taken). Size and modification time let a
     * later run recognise the same file lying where it was without reading it again.
     */
    public record TakenFile(String sha256, String station, String entity, String batch, String path, long bytes,
                            long modified) {
    }

    /** The reconciliation of one batch: read = applied + duplicates + quarantined. */
    public record BatchCount(String station, String entity, String batch, long read, long applied, long duplicates,
                             long quarantined) {
        public boolean reconciles() {
            return read == applied + duplicates + quarantined;
        }
    }

    /** A jdbc watermark: the last (updated_at, key) read; updated_at as ISO local date-time. */
    public record Mark(String updatedAt, String key) {
    }

    /** When a station's entity was last fed. */
    public record Freshness(String station, String entity, String lastBatch, String lastPulledAt,
                            String lastUpdatedAt) {
    }
}
