/** JMH benchmarks of the Redis client's own per-command costs against a real server (allocation, observation). */
package dev.tether.benchmarks.client;
