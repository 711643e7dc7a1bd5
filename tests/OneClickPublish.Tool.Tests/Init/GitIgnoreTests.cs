using OneClickPublish.Tool.Init;

namespace OneClickPublish.Tool.Tests.Init;

[TestClass]
public sealed class GitIgnoreTests
{
    private string _root = null!;

    [TestInitialize]
    public void Create() => _root = Directory.CreateTempSubdirectory("oneclick-gitignore-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public void A_new_file_holds_the_entry_with_a_comment_saying_why()
    {
        var text = GitIgnore.WithEntry(null);

        StringAssert.StartsWith(text, "# ");
        StringAssert.EndsWith(text, "\n.oneclick/\n");
    }

    [TestMethod]
    [DataRow("bin/\nobj/\n", "bin/\nobj/\n.oneclick/\n")]
    [DataRow("bin/\nobj/", "bin/\nobj/\n.oneclick/\n")]
    [DataRow("bin/\r\nobj/", "bin/\r\nobj/\r\n.oneclick/\r\n")]
    [DataRow("", ".oneclick/\n")]
    public void The_entry_is_appended_on_a_line_of_its_own_in_the_file_s_line_endings(string before, string after)
    {
        Assert.AreEqual(after, GitIgnore.WithEntry(before));
    }

    [TestMethod]
    [DataRow(".oneclick/", "", true)]
    [DataRow(".oneclick", "", true)]
    [DataRow("  # .oneclick/\n", "", null)]
    [DataRow("/.oneclick/", "", true)]
    [DataRow("/.oneclick/", "src/Geo", null)]
    [DataRow("**/.oneclick/", "src/Geo", true)]
    [DataRow("src/Geo/.oneclick/", "src/Geo", true)]
    [DataRow("/src/Geo/.oneclick", "src/Geo", true)]
    [DataRow(".oneclick/\n!.oneclick/", "", false)]
    [DataRow(".oneclick-old/\noneclick/", "", null)]
    [DataRow(".oneclick/   \r\n", "", true)]
    public void Lines_that_name_the_folder_are_recognised(string text, string relativeFolder, bool? ignores)
    {
        Assert.AreEqual(ignores, GitIgnore.Ignores(text, relativeFolder));
    }

    [TestMethod]
    public void A_gitignore_of_the_repository_above_the_project_counts_and_one_above_the_repository_does_not()
    {
        var repository = Path.Combine(_root, "repo");
        var project = Path.Combine(repository, "src", "Geo");
        Directory.CreateDirectory(project);
        Directory.CreateDirectory(Path.Combine(repository, ".git"));
        File.WriteAllText(Path.Combine(_root, ".gitignore"), ".oneclick/\n");
        File.WriteAllText(Path.Combine(repository, ".gitignore"), "bin/\n**/.oneclick/\n");

        var files = GitIgnore.FilesFor(project);

        CollectionAssert.AreEqual(new[] { Path.Combine(repository, ".gitignore") }, files.ToArray());
        Assert.AreEqual(Path.Combine(repository, ".gitignore"), GitIgnore.IgnoringFile(project, files));
    }

    [TestMethod]
    public void A_nearer_gitignore_that_un_ignores_the_folder_wins()
    {
        var repository = Path.Combine(_root, "repo");
        var project = Path.Combine(repository, "Geo");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(repository, ".git"), "gitdir: elsewhere\n");
        File.WriteAllText(Path.Combine(repository, ".gitignore"), ".oneclick/\n");
        File.WriteAllText(Path.Combine(project, ".gitignore"), "!.oneclick/\n");

        Assert.IsNull(GitIgnore.IgnoringFile(project, GitIgnore.FilesFor(project)));
    }

    [TestMethod]
    public void Outside_a_repository_only_the_project_s_own_file_counts()
    {
        var project = Path.Combine(_root, "Geo");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(_root, ".gitignore"), ".oneclick/\n");

        Assert.AreEqual(0, GitIgnore.FilesFor(project).Count);
    }
}
