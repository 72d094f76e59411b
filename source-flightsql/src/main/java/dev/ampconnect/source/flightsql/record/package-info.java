/** Building contract v1 records: source partitions, control and data records, the rows and arrow encoders. */
package dev.ampconnect.source.flightsql.record;
