package jp.junkai.marts.snapshot;

import java.util.Arrays;

import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.array.ByteArrayMethods;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Unit ids (UTF-8 bytes) to their position of insertion, for one partition's gathering: an
 * open-addressing table of 64-bit hashes over one byte arena of the ids. A lookup touches the
 * table and the arena, where a {@code HashMap} of string keys chases four objects per visit, which
 * at 30M visits cost more than the rest of the gathering. Each hit is checked byte for byte, so a
 * hash collision never merges two units.
 */
final class UnitIdIndex {

    /** Not the partitioning hash (Murmur3, seed 42): within a partition its bits are alike. */
    private static final long SEED = 0x5DEECE66DL;

    private long[] hashes;
    private int[] positions;
    private int mask;
    private int size;
    private byte[] arena = new byte[1 << 16];
    private int arenaUsed;
    private int[] offsets = new int[1024];
    private int[] lengths = new int[1024];

    UnitIdIndex() {
        allocate(1 << 10);
    }

    int size() {
        return size;
    }

    /** Adds an id and returns its position, or -1 if it is already there (ids are keys: they come once). */
    int add(UTF8String id) {
        if (size * 2 >= hashes.length) {
            grow();
        }
        long h = hash(id);
        int slot = (int) (mix(h) & mask);
        while (positions[slot] >= 0) {
            if (hashes[slot] == h && sameBytes(positions[slot], id)) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
        int position = size++;
        store(position, id);
        hashes[slot] = h;
        positions[slot] = position;
        return position;
    }

    /** The position of an id, or -1. */
    int find(UTF8String id) {
        long h = hash(id);
        int slot = (int) (mix(h) & mask);
        while (positions[slot] >= 0) {
            if (hashes[slot] == h && sameBytes(positions[slot], id)) {
                return positions[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private static long hash(UTF8String id) {
        return XXH64.hashUnsafeBytes(id.getBaseObject(), id.getBaseOffset(), id.numBytes(), SEED);
    }

    private static long mix(long h) {
        return h ^ (h >>> 32);
    }

    private boolean sameBytes(int position, UTF8String id) {
        return lengths[position] == id.numBytes() && ByteArrayMethods.arrayEquals(arena,
                Platform.BYTE_ARRAY_OFFSET + offsets[position], id.getBaseObject(), id.getBaseOffset(), id.numBytes());
    }

    private void store(int position, UTF8String id) {
        int n = id.numBytes();
        if (arenaUsed + n > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + n));
        }
        if (position == offsets.length) {
            offsets = Arrays.copyOf(offsets, position * 2);
            lengths = Arrays.copyOf(lengths, position * 2);
        }
        Platform.copyMemory(id.getBaseObject(), id.getBaseOffset(), arena, Platform.BYTE_ARRAY_OFFSET + arenaUsed, n);
        offsets[position] = arenaUsed;
        lengths[position] = n;
        arenaUsed += n;
    }

    private void allocate(int capacity) {
        hashes = new long[capacity];
        positions = new int[capacity];
        Arrays.fill(positions, -1);
        mask = capacity - 1;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldPositions = positions;
        allocate(hashes.length * 2);
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldPositions[i] >= 0) {
                int slot = (int) (mix(oldHashes[i]) & mask);
                while (positions[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                positions[slot] = oldPositions[i];
            }
        }
    }
}
