/**
 * The runtime's public face: {@link dev.tether.core.Tether} starts connections,
 * {@link dev.tether.core.ConnectionOptions} configures them, and
 * {@link dev.tether.core.LiveResources} tells what is running (for leak checks).
 */
package dev.tether.core;
