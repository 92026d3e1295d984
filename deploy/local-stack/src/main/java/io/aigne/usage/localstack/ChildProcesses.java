package io.aigne.usage.localstack;

import java.util.concurrent.TimeUnit;

/** Ending child processes politely first (SIGTERM lets services flush), forcibly after a while. */
final class ChildProcesses {
    private ChildProcesses() {
    }

    static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
