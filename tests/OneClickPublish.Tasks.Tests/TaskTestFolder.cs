using OneClickPublish.Tests;

namespace OneClickPublish.Tasks.Tests;

/// <summary>A temp folder holding a copy of the sample's definition, for tasks that read files.</summary>
internal sealed class TaskTestFolder : IDisposable
{
    public TaskTestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "oneclick-tasks-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
        var sample = System.IO.Path.Combine(TestRepository.Root, "samples", "HelloExtension");
        System.IO.File.Copy(System.IO.Path.Combine(sample, "extension.xml"), DefinitionFile);
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "Resources"));
        System.IO.File.Copy(System.IO.Path.Combine(sample, "Resources", "hello.png"), System.IO.Path.Combine(Path, "Resources", "hello.png"));
        System.IO.File.Copy(System.IO.Path.Combine(sample, "HelloExtensionActions.cs"), System.IO.Path.Combine(Path, "HelloExtensionActions.cs"));
    }

    public string Path { get; }

    public string DefinitionFile => System.IO.Path.Combine(Path, "extension.xml");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void EditDefinition(string find, string replace)
    {
        var text = System.IO.File.ReadAllText(DefinitionFile);
        Assert.IsTrue(text.Contains(find, StringComparison.Ordinal), find);
        System.IO.File.WriteAllText(DefinitionFile, text.Replace(find, replace, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
