package dev.freshet.bench;

import java.util.Arrays;

/**
 * The {@code freshet-bench.jar} command: the load generator by default, {@code jmh ...} for the JMH
 * micro-benchmarks (any JMH option works, e.g. {@code jmh -f 1 -wi 2 -i 3 Codec}), {@code report ...} to
 * compare result files.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        try {
            if (args.length > 0 && args[0].equals("report")) {
                ComparisonReport.main(Arrays.copyOfRange(args, 1, args.length), System.out);
                return;
            }
            String[] options = args.length > 0 && args[0].equals("run") ? Arrays.copyOfRange(args, 1, args.length)
                    : args;
            var results = new LoadGenerator(BenchOptions.parse(options), System.out).run();
            boolean failed = results.stream().anyMatch(r -> r.error() != null
                    || (r.verification() != null && !r.verification().exactlyOnce()));
            System.exit(failed ? 1 : 0);
        } catch (IllegalArgumentException e) {
            System.err.println("freshet-bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
        }
    }
}
