package io.brazesync.job.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Runs the braze-sync benchmarks on this machine (an in-process Kafka broker, a Flink mini-cluster,
 * the Braze emulator) and prints a table of figures with their aims.
 *
 * <p>Arguments: {@code --only name,name} runs some of throughput, budget, latency, checkpoints,
 * cost, memory; {@code --records N} sizes the throughput run.
 */
public final class BenchmarkHarness {

    private BenchmarkHarness() {}

    public static void main(String[] args) throws Exception {
        Set<String> only = new HashSet<>();
        int records = 500_000;
        args = String.join(" ", args).trim().split("\\s+");
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--only")) {
                only.addAll(Arrays.asList(args[i + 1].split(",")));
            } else if (args[i].equals("--records")) {
                records = Integer.parseInt(args[i + 1]);
            }
        }
        long started = System.nanoTime();
        ResultTable table = new ResultTable();
        try (BenchmarkContext context = BenchmarkContext.start()) {
            if (runs(only, "throughput")) {
                new ThroughputBenchmark(context, records, 5).run(table);
            }
            if (runs(only, "budget")) {
                new BudgetBenchmark(context).run(table);
            }
            if (runs(only, "latency")) {
                new LatencyBenchmark(context).run(table);
            }
            if (runs(only, "checkpoints")) {
                new CheckpointBenchmark(context).run(table);
            }
            if (runs(only, "cost")) {
                new CostBenchmark(context).run(table);
            }
            if (runs(only, "memory")) {
                new MemoryBenchmark(context).run(table);
            }
        }
        String header =
                String.format(
                        "braze-sync benchmarks, %s, %d cores, %d GiB max heap, Java %s, %.1f min%n",
                        LocalDate.now(),
                        Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().maxMemory() >> 30,
                        System.getProperty("java.version"),
                        (System.nanoTime() - started) / 60e9);
        String markdown = header + "\n" + table.toMarkdown();
        System.out.println();
        System.out.println(markdown);
        Path out = Path.of("target", "benchmarks.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, markdown);
        System.out.println("Written to " + out.toAbsolutePath());
        System.out.println("JVM: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.exit(0);
    }

    private static boolean runs(Set<String> only, String name) {
        return only.isEmpty() || only.contains(name);
    }
}
