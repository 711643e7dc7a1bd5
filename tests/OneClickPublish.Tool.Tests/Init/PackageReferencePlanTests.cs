using OneClickPublish.Tool.Init;

namespace OneClickPublish.Tool.Tests.Init;

[TestClass]
public sealed class PackageReferencePlanTests
{
    private const string ProjectPath = "/src/Geo/Geo.csproj";
    private const string PackagesPath = "/src/Directory.Packages.props";

    private static MsBuildFile Project(string body = "") => MsBuildFile.Parse($"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n{body}</Project>\n");

    private static MsBuildFileOnDisk Packages(string body) => new(PackagesPath, MsBuildFile.Parse($"<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n{body}</Project>\n"));

    [TestMethod]
    public void Without_central_versions_the_reference_carries_the_version_and_private_assets()
    {
        var plan = PackageReferencePlan.For(ProjectPath, Project(), new MsBuildLayout(null, null), "0.1.0");

        var change = plan.Changes.Single();
        Assert.AreEqual(ProjectPath, change.Path);
        StringAssert.Contains(change.After, "<PackageReference Include=\"OneClickPublish\" Version=\"0.1.0\" PrivateAssets=\"all\" />");
        Assert.AreEqual("0.1.0", plan.ReferencedVersion);
        Assert.IsNull(plan.AlreadyReferenced);
    }

    [TestMethod]
    public void With_central_versions_the_version_goes_to_Directory_Packages_props_beside_the_others()
    {
        var packages = Packages("  <ItemGroup>\n    <PackageVersion Include=\"Serilog\" Version=\"4.0.0\" />\n  </ItemGroup>\n");

        var plan = PackageReferencePlan.For(ProjectPath, Project(), new MsBuildLayout(null, packages), "0.1.0");

        Assert.AreEqual(2, plan.Changes.Count);
        var props = plan.Changes.Single(c => c.Path == PackagesPath);
        StringAssert.Contains(props.After, "    <PackageVersion Include=\"Serilog\" Version=\"4.0.0\" />\n    <PackageVersion Include=\"OneClickPublish\" Version=\"0.1.0\" />\n  </ItemGroup>");
        var project = plan.Changes.Single(c => c.Path == ProjectPath);
        StringAssert.Contains(project.After, "<PackageReference Include=\"OneClickPublish\" PrivateAssets=\"all\" />");
        Assert.IsFalse(project.After.Contains("Version=\"0.1.0\"", StringComparison.Ordinal), "NU1008: no version on a reference under central versions");
        Assert.AreEqual("0.1.0", plan.ReferencedVersion);
    }

    [TestMethod]
    public void A_central_version_already_there_is_used_as_it_is()
    {
        var packages = Packages("  <ItemGroup>\n    <PackageVersion Include=\"OneClickPublish\" Version=\"0.0.9\" />\n  </ItemGroup>\n");

        var plan = PackageReferencePlan.For(ProjectPath, Project(), new MsBuildLayout(null, packages), "0.1.0");

        Assert.AreEqual(ProjectPath, plan.Changes.Single().Path);
        Assert.AreEqual("0.0.9", plan.ReferencedVersion);
    }

    [TestMethod]
    public void A_project_that_turns_central_versions_off_gets_a_version_on_its_reference()
    {
        var project = MsBuildFile.Parse("<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n");

        var plan = PackageReferencePlan.For(ProjectPath, project, new MsBuildLayout(null, Packages(string.Empty)), "0.1.0");

        StringAssert.Contains(plan.Changes.Single().After, "Version=\"0.1.0\"");
    }

    [TestMethod]
    public void Central_versions_switched_on_in_Directory_Build_props_count_too()
    {
        var buildProps = new MsBuildFileOnDisk("/src/Directory.Build.props", MsBuildFile.Parse("<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup></Project>"));
        var packages = new MsBuildFileOnDisk(PackagesPath, MsBuildFile.Parse("<Project />"));

        var plan = PackageReferencePlan.For(ProjectPath, Project(), new MsBuildLayout(buildProps, packages), "0.1.0");

        Assert.AreEqual(2, plan.Changes.Count);
        StringAssert.Contains(plan.Changes.Single(c => c.Path == PackagesPath).After, "<PackageVersion Include=\"OneClickPublish\" Version=\"0.1.0\" />");
    }

    [TestMethod]
    [DataRow("0.0.9", "0.0.9")]
    [DataRow("$(OneClickPublishVersion)", null)]
    [DataRow("[0.1.0,)", null)]
    public void A_reference_the_project_has_is_left_as_it_is(string version, string? referenced)
    {
        var project = Project($"  <ItemGroup>\n    <PackageReference Include=\"OneClickPublish\" Version=\"{version}\" />\n  </ItemGroup>\n");

        var plan = PackageReferencePlan.For(ProjectPath, project, new MsBuildLayout(null, null), "0.1.0");

        Assert.AreEqual(0, plan.Changes.Count);
        Assert.AreEqual(referenced, plan.ReferencedVersion);
        StringAssert.Contains(plan.AlreadyReferenced, "Geo.csproj already references OneClickPublish");
    }
}
