/** Helpers every module uses for its configuration: merging ConfigDefs and generating reference tables. */
package dev.ampconnect.common.config;
