/**
 * The Kinesis Data Streams API as immutable values: one record per operation input and output shape
 * of the service model, and the model's enums. Component names are the model's member names in
 * lowerCamelCase; the protocol layer maps them to the wire. Absent members are {@code null}.
 */
package dev.freshet.api;
