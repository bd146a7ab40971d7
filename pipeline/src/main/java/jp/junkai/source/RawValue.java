package jp.junkai.source;

/** A value written verbatim as text by every flavour: how the simulator plants wrong types and dates. */
public record RawValue(String text) {
}
