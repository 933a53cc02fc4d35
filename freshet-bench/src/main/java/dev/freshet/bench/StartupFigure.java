package dev.freshet.bench;

/**
 * How fast a server started and how much memory it held idle, as {@code bench/compare.sh} measures them.
 *
 * @param label the server's label
 * @param startSeconds from launching the process to its first answered ListStreams
 * @param idleRssMiB resident memory right after that first answer
 */
record StartupFigure(String label, double startSeconds, double idleRssMiB) {}
