package jp.junkai.ingest;

import java.nio.file.Path;

import jp.junkai.schema.Flavour;

/** A station that delivers files: its code, flavour and folder ({@code <inbox>/<code>}). */
public record FileStation(String code, Flavour flavour, Path folder) {
}
