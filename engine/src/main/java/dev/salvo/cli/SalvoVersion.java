package dev.salvo.cli;

import picocli.CommandLine;

final class SalvoVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = SalvoVersion.class.getPackage().getImplementationVersion();
        return new String[] {"salvo " + (v == null ? "dev" : v)};
    }
}
