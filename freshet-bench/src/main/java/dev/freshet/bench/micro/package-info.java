/**
 * JMH micro-benchmarks of Freshet's hot paths, through their public APIs: request decoding and response
 * encoding ({@code dev.freshet.protocol.Codec}), log append and read ({@code dev.freshet.storage}), time and
 * offset lookups in a big log, and MD5 hash-key routing.
 *
 * <p>Run them from the shaded jar: {@code java -jar freshet-bench/target/freshet-bench.jar jmh [JMH options]
 * [regexp]}, e.g. {@code jmh -f 1 -wi 2 -i 3 Codec}. The build only compiles them (the JMH annotation
 * processor writes {@code META-INF/BenchmarkList}); {@code mvn verify} never runs them.
 *
 * <p>Unlike the rest of Freshet's code, the benchmark classes are public and not final: JMH generates
 * subclasses of them in a {@code jmh_generated} sub-package.
 */
package dev.freshet.bench.micro;
