package org.envmon.ingest.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.service.EnvmonService;
import org.envmon.ingest.service.ScaleOutService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the ingest service until SIGTERM or Ctrl-C.")
final class ServeCommand extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
    @Mixin
    EnvmonCli.ConfigOption config;

    @Option(
            names = "--role",
            paramLabel = "edge|writer|all",
            description = "Run as part of a scale-out deployment on Kafka (kafka.bootstrapServers): edge = listeners,"
                    + " no database; writer = Kafka to the database, alerting and console; all = both, through"
                    + " Kafka. Without it: the single-node service.")
    String role;

    @Override
    public Integer call() throws Exception {
        EnvmonConfig cfg = loadConfig(config);
        AutoCloseable service = role == null ? EnvmonService.start(cfg) : ScaleOutService.start(cfg, parseRole(role));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                service.close();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "envmon-shutdown"));
        stopped.await();
        return 0;
    }

    private static ScaleOutService.Role parseRole(String role) {
        for (ScaleOutService.Role known : ScaleOutService.Role.values()) {
            if (known.label().equals(role)) {
                return known;
            }
        }
        throw new InvalidInput("--role must be edge, writer or all, got '" + role + "'");
    }
}
