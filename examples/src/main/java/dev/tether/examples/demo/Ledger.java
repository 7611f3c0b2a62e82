package dev.tether.examples.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What became of every id the workers issued, and how often each was found on the server.
 *
 * <p>Ids are {@code w<worker>-<sequence>} ({@code w3-000123}), so a worker's book is two byte
 * arrays indexed by sequence: its outcome and the count read back from the server. A million
 * commands cost two megabytes, not a million map entries. Each book is written by its own worker
 * only; the main thread reads it after joining the workers.
 */
final class Ledger {

    static final byte PENDING = 0;
    static final byte SUCCEEDED = 1;
    static final byte NOT_APPLIED = 2;
    static final byte IN_DOUBT = 3;

    private static final int EXAMPLES = 5;

    private final Book[] books;
    private long foreign;
    private long entriesRead;
    private final List<String> problemExamples = new ArrayList<>();

    Ledger(int workers) {
        books = new Book[workers];
        for (int i = 0; i < workers; i++) {
            books[i] = new Book();
        }
    }

    /** The id of a worker's {@code sequence}th command. */
    static String id(int worker, int sequence) {
        return String.format(Locale.ROOT, "w%d-%06d", worker, sequence);
    }

    /** Books the next command of {@code worker} as pending; returns its sequence number. */
    int issue(int worker) {
        return books[worker].issue();
    }

    void settle(int worker, int sequence, byte outcome) {
        books[worker].outcomes[sequence] = outcome;
    }

    int issued(int worker) {
        return books[worker].issued;
    }

    int workers() {
        return books.length;
    }

    /** Counts one entry read from the server; anything this run did not issue is foreign. */
    void sawOnServer(String entry) {
        sawOnServer(entry, 1);
    }

    /** Counts {@code times} applications of {@code entry} read from the server. */
    void sawOnServer(String entry, long times) {
        entriesRead += times;
        int dash = entry == null ? -1 : entry.indexOf('-');
        try {
            if (dash > 1 && entry.charAt(0) == 'w') {
                int worker = Integer.parseInt(entry, 1, dash, 10);
                int sequence = Integer.parseInt(entry, dash + 1, entry.length(), 10);
                if (worker < books.length && sequence >= 0 && sequence < books[worker].issued) {
                    books[worker].seen(sequence, times);
                    return;
                }
            }
        } catch (NumberFormatException e) {
            // falls through: not one of ours
        }
        foreign += times;
        example("not issued by this run: " + entry);
    }

    /** Compares outcomes with what the server holds. */
    CrossCheck check(String source, boolean complete) {
        long acknowledged = 0, acknowledgedOnce = 0, missing = 0, duplicated = 0;
        long notApplied = 0, notAppliedFound = 0, inDoubt = 0, inDoubtFound = 0, pending = 0;
        for (int w = 0; w < books.length; w++) {
            Book book = books[w];
            for (int s = 0; s < book.issued; s++) {
                int seen = s < book.seen.length ? book.seen[s] : 0; // a book nothing was read for is empty
                if (seen > 1) {
                    duplicated++;
                    example(id(w, s) + " found " + seen + " times");
                }
                switch (book.outcomes[s]) {
                    case SUCCEEDED -> {
                        acknowledged++;
                        if (seen == 1) {
                            acknowledgedOnce++;
                        } else if (seen == 0) {
                            missing++;
                            example("acknowledged but missing: " + id(w, s));
                        }
                    }
                    case NOT_APPLIED -> {
                        notApplied++;
                        if (seen > 0) {
                            notAppliedFound++;
                            example("failed as never applied, yet found: " + id(w, s));
                        }
                    }
                    case IN_DOUBT -> {
                        inDoubt++;
                        inDoubtFound += seen > 0 ? 1 : 0;
                    }
                    default -> pending++;
                }
            }
        }
        return new CrossCheck(source, complete, entriesRead, acknowledged, acknowledgedOnce, missing, duplicated,
                notApplied, notAppliedFound, inDoubt, inDoubtFound, pending, foreign, problemExamples, List.of());
    }

    private void example(String problem) {
        if (problemExamples.size() < EXAMPLES) {
            problemExamples.add(problem);
        }
    }

    /** One worker's ids, by sequence. */
    private static final class Book {
        byte[] outcomes = new byte[4096];
        byte[] seen = new byte[0];
        int issued;

        int issue() {
            if (issued == outcomes.length) {
                outcomes = Arrays.copyOf(outcomes, outcomes.length * 2);
            }
            return issued++;
        }

        void seen(int sequence, long times) {
            if (seen.length < issued) {
                seen = Arrays.copyOf(seen, issued);
            }
            // Saturates: "more than once" is all the check needs to know.
            seen[sequence] = (byte) Math.min(Byte.MAX_VALUE, seen[sequence] + times);
        }
    }
}
