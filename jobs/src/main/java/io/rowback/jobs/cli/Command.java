package io.rowback.jobs.cli;

import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** A subcommand: --verbose and the console every command prints to. */
public abstract class Command implements Callable<Integer> {
    @Option(names = "--verbose", description = "show Spark's own log and full stack traces")
    public boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    protected Console console = Console.system();

    public void console(Console c) {
        this.console = c;
    }
}
