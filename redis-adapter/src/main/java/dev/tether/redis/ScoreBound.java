package dev.tether.redis;

/**
 * One end of a score range (ZRANGE ... BYSCORE, ZCOUNT): a score, inclusive or exclusive, or an
 * infinity. Immutable.
 *
 * @param score the score; an infinity for an open end
 * @param exclusive whether the score itself is left out
 */
public record ScoreBound(double score, boolean exclusive) {

    /** Checks the score is a number. */
    public ScoreBound {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("a score bound must not be NaN");
        }
    }

    /** The range includes {@code score}. */
    public static ScoreBound inclusive(double score) {
        return new ScoreBound(score, false);
    }

    /** The range stops short of {@code score}. */
    public static ScoreBound exclusive(double score) {
        return new ScoreBound(score, true);
    }

    /** -inf: no lower end. */
    public static ScoreBound negativeInfinity() {
        return new ScoreBound(Double.NEGATIVE_INFINITY, false);
    }

    /** +inf: no upper end. */
    public static ScoreBound positiveInfinity() {
        return new ScoreBound(Double.POSITIVE_INFINITY, false);
    }

    /** The bound as the server reads it: {@code 1.5}, {@code (1.5}, {@code -inf}, {@code +inf}. */
    String wire() {
        String number;
        if (Double.isInfinite(score)) {
            number = score > 0 ? "+inf" : "-inf";
        } else if (score == Math.rint(score) && Math.abs(score) < 1e15) {
            number = Long.toString((long) score);
        } else {
            number = Double.toString(score);
        }
        return exclusive ? "(" + number : number;
    }
}
