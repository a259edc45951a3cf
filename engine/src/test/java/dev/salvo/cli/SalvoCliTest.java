package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SalvoCliTest {

    @Test
    void aRunThatNamesOneSubcommandBuildsOnlyThatOneWithTheSameUsage() {
        CommandLine whole = SalvoCli.newCommandLine();
        for (String name : SalvoCli.subcommandNames()) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine one = SalvoCli.newCommandLine(new String[] {name, "--help"});
            assertThat(one.getSubcommands().keySet()).as(name).containsExactly(name);
            assertThat(one.getSubcommands().get(name).getUsageMessage())
                    .as("salvo %s --help", name)
                    .isEqualTo(whole.getSubcommands().get(name).getUsageMessage())
                    .contains("Usage: salvo " + name);
        }
    }

    @Test
    void theTopLevelHelpAndHelpCommandAndMistypedNamesSeeEverySubcommand() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "send"}, {"sned"}}) {
            assertThat(SalvoCli.newCommandLine(args).getSubcommands().keySet())
                    .as(String.join(" ", args))
                    .containsExactlyElementsOf(SalvoCli.subcommandNames());
        }
        StringWriter err = new StringWriter();
        CommandLine cl = SalvoCli.newCommandLine(new String[] {"sned"});
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("sned")).isEqualTo(2);
        assertThat(err.toString()).contains("send");
    }

    @Test
    void everyCommandsHelpIsFormatted() {
        // A lone % in a description makes picocli print the text raw, %n and all, after a warning on stderr.
        List<CommandLine> all = new ArrayList<>(List.of(SalvoCli.newCommandLine()));
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < all.size(); i++) {
                CommandLine cl = all.get(i);
                all.addAll(cl.getSubcommands().values());
                assertThat(cl.getUsageMessage()).as(cl.getCommandSpec().qualifiedName()).doesNotContain("%n");
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(all).hasSizeGreaterThan(15);
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theHelpCommandPrintsASubcommandsUsage() {
        StringWriter out = new StringWriter();
        CommandLine cl = SalvoCli.newCommandLine(new String[] {"help", "blast"});
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("help", "blast")).isZero();
        assertThat(out.toString()).contains("Usage: salvo blast").contains("--target");
    }
}
