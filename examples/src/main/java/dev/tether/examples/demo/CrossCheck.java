package dev.tether.examples.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's outcomes compared with what the server holds.
 *
 * @param source how the server's contents were read, e.g. {@code LRANGE tether-demo:ids}
 * @param complete whether the whole contents could be read
 * @param entries entries read from the server
 * @param acknowledged ids whose command succeeded
 * @param acknowledgedOnce of those, found exactly once
 * @param missing of those, not found: an acknowledged write was lost
 * @param duplicated ids found more than once, whatever their outcome: a command applied twice
 * @param notApplied ids whose command failed as never sent (CLOSED, OVERLOADED...) or was refused
 *     with an error reply (LOADING...)
 * @param notAppliedFound of those, found on the server anyway
 * @param inDoubt ids whose command failed in flight (DISCONNECTED, TIMEOUT...)
 * @param inDoubtFound of those, found (once): they ran although their caller saw a failure
 * @param pending ids whose command never completed (only if a worker hung)
 * @param foreign entries on the server that this run did not issue
 * @param examples a few of the problems, for the report
 * @param extras checks particular to one mode
 */
record CrossCheck(String source, boolean complete, long entries, long acknowledged, long acknowledgedOnce,
                  long missing, long duplicated, long notApplied, long notAppliedFound, long inDoubt, long inDoubtFound,
                  long pending, long foreign, List<String> examples, List<Extra> extras) {

    CrossCheck {
        examples = List.copyOf(examples);
        extras = List.copyOf(extras);
    }

    /**
     * A check one mode adds, shown as a row of its own.
     *
     * @param label what is checked
     * @param value what was found
     * @param ok whether it holds
     */
    record Extra(String label, String value, boolean ok) {
    }

    /** This check with one more row. */
    CrossCheck with(Extra extra) {
        List<Extra> more = new ArrayList<>(extras);
        more.add(extra);
        return new CrossCheck(source, complete, entries, acknowledged, acknowledgedOnce, missing, duplicated,
                notApplied, notAppliedFound, inDoubt, inDoubtFound, pending, foreign, examples, more);
    }

    /** Every acknowledged id exactly once, no duplicate, no never-applied id, nothing foreign, every extra holds. */
    boolean passed() {
        return complete && missing == 0 && duplicated == 0 && notAppliedFound == 0 && foreign == 0
                && acknowledgedOnce == acknowledged && extras.stream().allMatch(Extra::ok);
    }
}
