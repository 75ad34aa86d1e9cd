package io.mqttha.bench;

/** The facts about this machine that a reader needs to compare figures. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return String.format("%d cores, %d MiB max heap, %s %s, Java %s",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
    }

    /** Heap in use after a few full collections, for the marginal cost of what a benchmark holds. */
    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
