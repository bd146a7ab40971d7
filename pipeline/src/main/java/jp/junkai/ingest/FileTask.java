package jp.junkai.ingest;

import java.io.Serializable;

import jp.junkai.schema.Entity;
import jp.junkai.schema.Flavour;

/**
 * One finished batch file to read: its station, entity, flavour, batch name (the file name without
 * extension), path and content hash.
 */
public record FileTask(String station, Entity entity, Flavour flavour, String batch, String path, String sha256,
                       long bytes, long modified) implements Serializable {
}
