using System.IO.Compression;
using OneClickPublish.Platform;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// Extensions of the system in the seed are .NET Framework class libraries: `dotnet build` verifies, saves and
/// publishes them here too (the SDK brings the reference assemblies), alone or beside a .NET target.
/// </summary>
[TestClass]
public sealed class FrameworkExtensionTests
{
    private static ServerProcess Server => SharedServer.Server;

    [TestMethod]
    [DataRow("net48")]
    [DataRow("net472")]
    public void A_NET_Framework_extension_is_verified_saved_and_published(string targetFramework)
    {
        var name = "Legacy" + targetFramework.Replace(".", string.Empty, StringComparison.Ordinal);
        var sample = Legacy(name, project => project.Replace("<TargetFramework>net48</TargetFramework>", $"<TargetFramework>{targetFramework}</TargetFramework>", StringComparison.Ordinal));

        var result = Publish(sample);

        Assert.IsTrue(result.Succeeded, result + Server.Output);
        foreach (var stage in new[] { "Verify", "Save", "Upload", "Publish", "Deploy" })
        {
            StringAssert.Contains(result.Output, $"OCP0002: {stage} succeeded", stage + "\n" + result);
        }

        var xif = Path.Combine(sample.Directory, "bin", "Debug", targetFramework, $"{name}.1.0.0.xif");
        using (var archive = ZipFile.OpenRead(xif))
        {
            Assert.IsTrue(archive.Entries.Any(e => e.FullName.EndsWith("LegacyExtension.dll", StringComparison.Ordinal)), string.Join(", ", archive.Entries.Select(e => e.FullName)));
        }

        var info = Extension(name);
        Assert.AreEqual("1.0.0", info.ActiveVersion);
        var deployed = info.Versions.Single(v => v.Version == "1.0.0").DeploymentPath!;
        var assembly = Directory.EnumerateFiles(deployed, "LegacyExtension.dll", SearchOption.AllDirectories).Single();
        Assert.AreEqual(".NETFramework,Version=v" + (targetFramework == "net48" ? "4.8" : "4.7.2"), TargetFrameworkOf(assembly));
    }

    [TestMethod]
    public void An_extension_targeting_net48_and_net8_0_ships_both_and_is_published()
    {
        const string name = "LegacyMulti";
        var sample = SampleProject.LegacyMultiTargeted(name);

        var result = Publish(sample);

        Assert.IsTrue(result.Succeeded, result + Server.Output);
        var deployed = Extension(name).Versions.Single(v => v.Version == "1.0.0").DeploymentPath!;
        var assemblies = Directory.EnumerateFiles(deployed, "LegacyExtension.dll", SearchOption.AllDirectories).Select(TargetFrameworkOf).OrderBy(f => f, StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(new[] { ".NETCoreApp,Version=v8.0", ".NETFramework,Version=v4.8" }, assemblies);
    }

    [TestMethod]
    public void The_first_build_of_a_NET_Framework_extension_writes_a_stub_in_C_7_3_and_compiles_it()
    {
        var sample = Legacy("LegacyFirst", project => project);
        File.Delete(Path.Combine(sample.Directory, "LegacyFirstActions.cs"));

        var result = sample.Build();

        Assert.IsTrue(result.Succeeded, result.ToString());
        var stub = File.ReadAllText(Path.Combine(sample.Directory, "LegacyFirstActions.cs"));
        StringAssert.Contains(stub, "namespace LegacyExtension\n{", "C# 7.3 has no file-scoped namespaces");
    }

    private static SampleProject Legacy(string name, Func<string, string> editProject) => SampleProject.Legacy(name, editProject);

    private static CommandResult Publish(SampleProject sample) => SharedServer.Publish(sample, Server);

    private static ExtensionInfo Extension(string name) => SharedServer.Extension(Server, name);

    /// <summary>The assembly's TargetFrameworkAttribute, read without loading it.</summary>
    private static string TargetFrameworkOf(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == System.Reflection.Metadata.HandleKind.MemberReference)
            {
                var member = reader.GetMemberReference((System.Reflection.Metadata.MemberReferenceHandle)attribute.Constructor);
                var type = reader.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)member.Parent);
                if (reader.GetString(type.Name) == "TargetFrameworkAttribute")
                {
                    var blob = reader.GetBlobReader(attribute.Value);
                    blob.ReadUInt16();
                    return blob.ReadSerializedString()!;
                }
            }
        }

        return string.Empty;
    }
}
