package io.brazesync.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs an emulator by hand until the process is stopped: {@code --port 0 --api-key K}; prints the
 * base URL on the first line.
 */
public final class BrazeEmulatorMain {

    static final String USAGE = "usage: BrazeEmulatorMain [--port N] --api-key KEY";

    // Enough history to inspect a demo run, bounded so a long one does not fill the heap.
    private static final int HISTORY_LIMIT = 10_000;

    private BrazeEmulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        BrazeEmulatorBuilder builder;
        try {
            builder = builderFrom(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        BrazeEmulator emulator = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "braze-emulator-stop"));
        System.out.println(emulator.baseUrl());
        new CountDownLatch(1).await();
    }

    /** Reads the command line into a builder; a bad argument throws with its reason. */
    static BrazeEmulatorBuilder builderFrom(String[] args) {
        BrazeEmulatorBuilder builder = BrazeEmulator.builder().requestHistoryLimit(HISTORY_LIMIT);
        boolean hasKey = false;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--port" -> builder.port(parsePort(value));
                case "--api-key" -> {
                    builder.apiKey(value);
                    hasKey = true;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!hasKey) {
            throw new IllegalArgumentException("--api-key is required");
        }
        return builder;
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number");
        }
    }
}
