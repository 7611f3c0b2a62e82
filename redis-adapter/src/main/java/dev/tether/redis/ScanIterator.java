package dev.tether.redis;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * SCAN as an iterator: fetches the next page when the current one runs out. Keys may repeat
 * across pages (SCAN's guarantee is "every key present throughout is returned at least once").
 */
final class ScanIterator implements Iterator<String> {

    private final SyncKeys client;
    private final String match;
    private final int count;
    private final String type;
    private final ArrayDeque<String> page = new ArrayDeque<>();
    private String cursor = "0";
    private boolean finished;

    ScanIterator(SyncKeys client, String match, int count) {
        this(client, match, count, null);
    }

    /** {@code type} null for every type. */
    ScanIterator(SyncKeys client, String match, int count, String type) {
        if (count < 0) {
            throw new IllegalArgumentException("SCAN count must not be negative, got " + count);
        }
        this.client = client;
        this.match = match;
        this.count = count;
        this.type = type;
    }

    @Override
    public boolean hasNext() {
        while (page.isEmpty() && !finished) {
            ScanPage next = client.execute(Commands.scan(cursor, match, count, type));
            page.addAll(next.keys());
            cursor = next.cursor();
            finished = "0".equals(cursor);
        }
        return !page.isEmpty();
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("SCAN has no more keys");
        }
        return page.poll();
    }
}
