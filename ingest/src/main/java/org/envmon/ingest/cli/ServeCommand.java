package org.envmon.ingest.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.envmon.ingest.config.EnvmonConfig;
import org.envmon.ingest.service.EnvmonService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", description = "Run the ingest service until SIGTERM or Ctrl-C.")
final class ServeCommand extends EnvmonCli.EnvironmentAware implements Callable<Integer> {
    @Mixin
    EnvmonCli.ConfigOption config;

    @Override
    public Integer call() throws Exception {
        EnvmonConfig cfg = loadConfig(config);
        EnvmonService service = EnvmonService.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.close();
                            stopped.countDown();
                        },
                        "envmon-shutdown"));
        stopped.await();
        return 0;
    }
}
