/**
 * The record contract v1 between the source and the sinks: header names, record kinds, control-record
 * schemas and their codecs, header builders and the header parser. Nothing else spells these names.
 */
package dev.ampconnect.common.contract;
