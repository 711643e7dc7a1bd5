using OneClickPublish.Tool.Cli;

// Ctrl+C cancels the running build (the process tree is killed) and the command returns 130;
// System.CommandLine waits this long for that before it ends the process itself.
return await new OneClickCli(ToolContext.ForProcess())
    .InvokeAsync(args, CancellationToken.None, processTerminationTimeout: TimeSpan.FromSeconds(15))
    .ConfigureAwait(false);
