package dev.freshet.api;

/** How UpdateShardCount rearranges shards. */
public enum ScalingType {
    UNIFORM_SCALING
}
