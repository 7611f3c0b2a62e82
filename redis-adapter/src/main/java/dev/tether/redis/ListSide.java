package dev.tether.redis;

/** Which end of a list LMOVE and LMPOP take from or put to. */
public enum ListSide {
    /** The head (index 0). */
    LEFT,
    /** The tail (index -1). */
    RIGHT
}
