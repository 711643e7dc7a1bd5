using Microsoft.Extensions.DependencyInjection;
using OneClickPublish.Server.Publishing;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>A test's function called at each checkpoint of a publish, as the server's <see cref="IPublishCheckpoints"/>.</summary>
internal sealed class CheckpointFunction(Func<PublishCheckpoint, string, CancellationToken, Task> reached) : IPublishCheckpoints
{
    public Task ReachedAsync(PublishCheckpoint checkpoint, string extension, CancellationToken ct) => reached(checkpoint, extension, ct);
}

internal static class CheckpointOptions
{
    extension(PlatformServerOptions options)
    {
        /// <summary>
        /// The tests' shorthand for registering a function as the server's <see cref="IPublishCheckpoints"/>
        /// (through <see cref="PlatformServerOptions.ConfigureServices"/>): each start of a server with these options uses it.
        /// </summary>
        public Func<PublishCheckpoint, string, CancellationToken, Task> Checkpoint
        {
            set => options.ConfigureServices += services => services.AddSingleton<IPublishCheckpoints>(new CheckpointFunction(value));
        }
    }
}
