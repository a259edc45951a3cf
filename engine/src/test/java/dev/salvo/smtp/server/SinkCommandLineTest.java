package dev.salvo.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.cli.SalvoCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** `salvo sink` refuses bad flag values with one line that names the flag (the server is not started). */
class SinkCommandLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--listen 0.0.0.0:2525               | add --allow-remote",
        "--listen 127.0.0.1                   | expected HOST:PORT",
        "--listen ::1:2525                   | [::1]:2525",
        "--listen 127.0.0.1:70000            | between 0 and 65535",
        "--tls nope                          | --tls expects self-signed or CERT.pem,KEY.pem",
        "--tls /no/such.pem,/no/key.pem      | --tls: cannot read /no/such.pem",
        "--auth user                         | --auth expects USER:PASS",
        "--auth u:p                          | --allow-plaintext-auth",
        "--implicit-tls                      | --implicit-tls needs a certificate",
        "--require-auth                      | --require-auth needs an account",
        "--reject-percent 101                | --reject-percent must be between 0 and 100",
        "--reject-percent 60 --tempfail-percent 50 | at most 100",
        "--latency-ms -5                     | --latency-ms must be 0 or more",
        "--max-size 0                        | --max-size must be at least 1 byte",
    })
    void badValuesNameTheFlag(String args, String message) {
        StringWriter err = new StringWriter();
        CommandLine cl = SalvoCli.newCommandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        String[] argv = ("sink " + args.trim()).split(" +");
        int code = cl.execute(argv);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("salvo: ").contains(message.trim()).doesNotContain("Exception");
    }
}
