package org.envmon.launcher;

import java.util.List;
import org.envmon.demo.DemoCommand;
import org.envmon.ingest.cli.EnvmonCli;

/** {@code java -jar envmon.jar <command>}: the service's commands plus {@code demo}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        EnvmonCli.main(args, List.of(DemoCommand.class));
    }
}
