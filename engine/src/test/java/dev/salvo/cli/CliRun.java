package dev.salvo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** One `salvo` invocation in a test: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SalvoCli.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * Writes a salvo.yaml that routes every domain by MX, with test mode sending it all to the sink
     * on 127.0.0.1:port, followed by {@code extra} (more top-level sections, or "").
     */
    static Path testModeConfig(Path file, int port, String extra) throws IOException {
        return Files.writeString(file, """
                routes:
                  - domains: ["*"]
                    mx: {}
                test_mode:
                  mx_override: {"*": "127.0.0.1:%d"}
                """.formatted(port) + extra);
    }
}
