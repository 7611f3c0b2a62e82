package dev.tether.redis;

/**
 * Scripting commands of {@link Commands}: EVALSHA/EVAL through a {@code Script}, SCRIPT LOAD, FCALL, FUNCTION LOAD.
 */
abstract class ScriptTable extends StreamTable {

    ScriptTable() {
    }
}
