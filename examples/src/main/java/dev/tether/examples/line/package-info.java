/**
 * A line-protocol client built on the Connection behaviour, with the server it talks to: the
 * compiled example that {@code dev.tether.connection.Connection} refers to. Start with
 * {@link dev.tether.examples.line.LineClient}; {@link dev.tether.examples.line.LineDemo} runs
 * both and restarts the server under the client's feet.
 */
package dev.tether.examples.line;
