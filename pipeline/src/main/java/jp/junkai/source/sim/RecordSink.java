package jp.junkai.source.sim;

import java.io.IOException;

import jp.junkai.source.SourceRecord;

/** Receives a station's records in the order its system would hold them, day by day. */
interface RecordSink {

    /** One record; its {@code updated_at} decides the batch it lands in. */
    void emit(SourceRecord record) throws IOException;

    /** Every record updated on or before {@code epochDay} has been emitted. */
    void endOfDay(long epochDay) throws IOException;
}
