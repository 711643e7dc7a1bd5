using Microsoft.Extensions.DependencyInjection;
using OneClickPublish.Server.Publishing;
using OneClickPublish.TestServer;
using OneClickPublish.Tool.Cli;

// The tool's command line, whole (`server --data ... --urls ...`), run by the tool's own code. With
// ONECLICK_TEST_SERVER_HOLD set to a checkpoint (BeforeDeploy, BeforeActivate, AfterSwitch), every publish
// waits there until the server stops: the crash-recovery tests kill the process at that point. With
// ONECLICK_TEST_SERVER_RELEASE naming a file too, it waits until that file exists: the console's test lets
// a publish from a build go on while the browser watches its log.
const string HoldVariable = "ONECLICK_TEST_SERVER_HOLD";
const string ReleaseVariable = "ONECLICK_TEST_SERVER_RELEASE";
var releaseFile = Environment.GetEnvironmentVariable(ReleaseVariable) is { Length: > 0 } release ? release : null;
var holdName = Environment.GetEnvironmentVariable(HoldVariable);
PublishCheckpoint? hold = null;
if (!string.IsNullOrEmpty(holdName))
{
    if (!Enum.TryParse<PublishCheckpoint>(holdName, ignoreCase: true, out var point) || !Enum.IsDefined(point))
    {
        // A test that asks for a hold that does not exist must not run unheld.
        await Console.Error.WriteLineAsync($"{HoldVariable}={holdName} is not one of {string.Join(", ", Enum.GetNames<PublishCheckpoint>())}.").ConfigureAwait(false);
        return 3;
    }

    hold = point;
}

var context = ToolContext.ForProcess(options =>
{
    if (hold is { } point)
    {
        options.ConfigureServices += services => services.AddSingleton<IPublishCheckpoints>(new HoldAt(point, releaseFile));
    }
});
return await new OneClickCli(context).InvokeAsync(args, CancellationToken.None, processTerminationTimeout: TimeSpan.FromSeconds(15)).ConfigureAwait(false);
