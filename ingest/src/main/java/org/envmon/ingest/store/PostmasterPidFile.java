package org.envmon.ingest.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code postmaster.pid} of a data directory to tell a postgres orphaned by a killed envmon
 * from one still owned by a running envmon. pg_ctl daemonises postgres, so the parent process says
 * nothing; the owner is known by the file lock it holds on {@code epg-lock} for as long as it lives.
 */
final class PostmasterPidFile {

    record Status(long pid, int port, boolean alive, boolean ownerAlive) {
        static final Status NONE = new Status(-1, -1, false, false);

        boolean runningForLiveOwner() {
            return alive && ownerAlive;
        }

        boolean orphaned() {
            return alive && !ownerAlive;
        }
    }

    private static final String OWNER_LOCK = "epg-lock";

    private PostmasterPidFile() {}

    /** True when another process (or this one) holds the owner lock. */
    private static boolean isLocked(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Status inspect(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Status.NONE;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Status.NONE;
        }
        if (lines.size() < 4) {
            return Status.NONE;
        }
        long pid;
        int port;
        try {
            pid = Long.parseLong(lines.get(0).trim());
            port = Integer.parseInt(lines.get(3).trim());
        } catch (NumberFormatException e) {
            return Status.NONE;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !servesDirectory(pid, pgData)) {
            return Status.NONE;
        }
        return new Status(pid, port, true, isLocked(pgData.resolve(OWNER_LOCK)));
    }

    private static boolean servesDirectory(long pid, Path pgData) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
            return text.contains("postgres") && text.contains(pgData.toString());
        } catch (IOException e) {
            // Without /proc we cannot prove the pid is our postgres; assume it is, as its pid file says.
            return true;
        }
    }

    /** Asks the orphan for a fast shutdown (SIGINT) and waits for it to exit. */
    static void stopOrphan(Status status, Duration timeout) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(status.pid()))
                    .inheritIO()
                    .start();
            kill.waitFor();
            ProcessHandle.of(status.pid())
                    .ifPresent(p -> p.onExit()
                            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .join());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot stop the orphaned postgres pid " + status.pid() + ": " + e.getMessage()
                            + "; stop it by hand (kill -INT " + status.pid() + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the orphaned postgres pid " + status.pid(), e);
        }
    }
}
