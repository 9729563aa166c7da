package com.carbon254.ingestion.event;

/** A decoded event: the payload as its Java record plus the envelope it travelled in. */
public record Decoded<T>(T record, EnvelopeMeta meta) {
}
