/** Helpers shared by the test services that run as child processes: stop, log tail, scratch directories. */
package dev.ampconnect.testsupport.process;
