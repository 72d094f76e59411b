/** Block ranges and the batch ids derived from them. */
package dev.ampconnect.common.range;
