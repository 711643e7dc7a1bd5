using Microsoft.Build.Framework;
using Moq;

namespace OneClickPublish.Tasks.Tests;

/// <summary>A mocked MSBuild engine that records what a task logs, to check codes and locations without a build.</summary>
internal sealed class BuildEngineMock
{
    private readonly Dictionary<object, object> _taskObjects = [];

    public BuildEngineMock()
    {
        Mock.Setup(e => e.LogErrorEvent(It.IsAny<BuildErrorEventArgs>())).Callback<BuildErrorEventArgs>(Errors.Add);
        Mock.Setup(e => e.LogWarningEvent(It.IsAny<BuildWarningEventArgs>())).Callback<BuildWarningEventArgs>(Warnings.Add);
        Mock.Setup(e => e.LogMessageEvent(It.IsAny<BuildMessageEventArgs>())).Callback<BuildMessageEventArgs>(Messages.Add);
        Mock.Setup(e => e.ProjectFileOfTaskNode).Returns("/src/Hello/Hello.csproj");
        Mock.Setup(e => e.RegisterTaskObject(It.IsAny<object>(), It.IsAny<object>(), It.IsAny<RegisteredTaskObjectLifetime>(), It.IsAny<bool>()))
            .Callback<object, object, RegisteredTaskObjectLifetime, bool>((key, value, _, _) => _taskObjects[key] = value);
        Mock.Setup(e => e.GetRegisteredTaskObject(It.IsAny<object>(), It.IsAny<RegisteredTaskObjectLifetime>()))
            .Returns<object, RegisteredTaskObjectLifetime>((key, _) => _taskObjects.GetValueOrDefault(key)!);
        Mock.Setup(e => e.UnregisterTaskObject(It.IsAny<object>(), It.IsAny<RegisteredTaskObjectLifetime>()))
            .Returns<object, RegisteredTaskObjectLifetime>((key, _) => _taskObjects.Remove(key, out var value) ? value : null!);
    }

    public Mock<IBuildEngine4> Mock { get; } = new(MockBehavior.Loose);

    public IBuildEngine4 Object => Mock.Object;

    public List<BuildErrorEventArgs> Errors { get; } = [];

    public List<BuildWarningEventArgs> Warnings { get; } = [];

    public List<BuildMessageEventArgs> Messages { get; } = [];

    public string Log => string.Join('\n',
        Errors.Select(e => $"{e.File}({e.LineNumber},{e.ColumnNumber}): error {e.Code}: {e.Message}")
            .Concat(Warnings.Select(w => $"{w.File}({w.LineNumber},{w.ColumnNumber}): warning {w.Code}: {w.Message}"))
            .Concat(Messages.Select(m => $"message {m.Code}: {m.Message}")));
}
