namespace OneClickPublish.Tests;

/// <summary>The repository the tests run from: samples, docs and sources are read from it. Linked into every test project.</summary>
internal static class TestRepository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneClickPublish.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OneClickPublish.sln not found above " + AppContext.BaseDirectory);
    }
}
