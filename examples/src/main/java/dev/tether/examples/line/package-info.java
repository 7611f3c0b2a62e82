/**
 * A line-protocol client built on the request/reply {@link dev.tether.core.pipe.Pipe} layer, with
 * the server it talks to: {@link dev.tether.examples.line.LineClient} is the whole protocol (a
 * codec of a few lines), {@link dev.tether.examples.line.LineSession} the facade applications
 * hold. {@link dev.tether.examples.line.LineDemo} runs both and restarts the server under the
 * client's feet.
 */
package dev.tether.examples.line;
