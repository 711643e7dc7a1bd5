using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The server reads its configuration once, at start. A configuration file watched for changes is
/// watched through its folder and every folder below it, and the data folder is where uploads,
/// blobs and deployments are written: every write would wake the server (an inotify event, a read,
/// an lstat), tens of thousands of times per GiB uploaded.
/// </summary>
[TestClass]
public sealed class DataFolderWatchTests
{
    [TestMethod]
    public async Task No_configuration_file_is_watched_so_writes_in_the_data_folder_wake_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync();

        var configuration = (IConfigurationRoot)fixture.Server.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.IsTrue(files.Count > 0, "the host reads appsettings.json from the data folder (its content root)");
        var watched = files.Where(static p => p.Source.ReloadOnChange).Select(static p => p.Source.Path).ToList();
        Assert.AreEqual(0, watched.Count, "watched for changes: " + string.Join(", ", watched));
    }
}
