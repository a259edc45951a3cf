package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
    void theHelpCommandPrintsASubcommandsUsage() {
        StringWriter out = new StringWriter();
        CommandLine cl = SalvoCli.newCommandLine(new String[] {"help", "blast"});
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("help", "blast")).isZero();
        assertThat(out.toString()).contains("Usage: salvo blast").contains("--target");
    }
}
