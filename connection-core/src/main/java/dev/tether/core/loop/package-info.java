/**
 * The engine: the loop of each connection process and what it runs on. Not exported by the
 * module and not API. Everything here is package-private except {@link dev.tether.core.loop.Engine},
 * the one door the runtime's public packages use; {@code EngineBoundaryTest} keeps it that way.
 * Start reading at {@link dev.tether.core.loop.ConnectionLoop}, whose javadoc is the spec of the
 * loop and names its parts.
 */
package dev.tether.core.loop;
