package dev.cvpipe.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for cvpipe.",
            "bash: source <(cvpipe completion bash); zsh: autoload -U +X bashcompinit && bashcompinit, then the same."})
public final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Parameters(index = "0", paramLabel = "SHELL", defaultValue = "bash", description = "bash or zsh (default: bash).")
    Shell shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // picocli's script is written for bash and loads into zsh through bashcompinit.
        CommandLine root = spec.commandLine().getParent();
        // Like every report, through picocli's writer (Stdout), which a pipeline step points at its stdout: file.
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
