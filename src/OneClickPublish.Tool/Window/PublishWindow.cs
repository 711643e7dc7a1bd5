using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Operation;
using Spectre.Console;

namespace OneClickPublish.Tool.Window;

/// <summary>Keys from the terminal; null when there is no more input (the window then closes).</summary>
internal interface IKeySource
{
    Task<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken);
}

/// <summary>Keys read through Spectre's console input (the real terminal, or a TestConsole's queued keys).</summary>
internal sealed class ConsoleKeySource(IAnsiConsoleInput input) : IKeySource
{
    public async Task<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await input.ReadKeyAsync(intercept: true, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Input ended (a test console with no more keys, a closed stdin).
            return null;
        }
    }
}

/// <summary>
/// The 1-Click Publish window: runs the first step at once, then lets the user move through the log
/// and run what the seed's buttons run — Verify Again when the last verify had errors (it verifies
/// and, once the extension verifies clean, carries the 1-Click Publish on: Save, Upload, Publish,
/// Deploy); Save, Upload and Publish once it had none; Close. With a change source (--watch) a
/// change to the project's files re-verifies by itself, and only verifies.
/// </summary>
internal sealed class PublishWindow(IAnsiConsole console, OneClickSession session, IKeySource keys, IChangeSource? changes, TimeProvider clock)
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    public OperationState State { get; } = new(Path.GetFileNameWithoutExtension(session.Settings.ProjectPath.TrimEnd('/', '\\'))) { Watching = changes is not null };

    /// <summary>Every step run, in order (what tests check key handling against).</summary>
    public List<OneClickStep> StepsRun { get; } = [];

    public async Task<int> RunAsync(OneClickStep first, CancellationToken cancellationToken)
    {
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sink = new StateSink(State);
        Task<RunResult>? run = Start(first, sink, closing.Token);
        Task<ConsoleKeyInfo?>? key = null;
        Task<string>? change = null;

        await console.Live(Draw()).AutoClear(false).Overflow(VerticalOverflow.Crop).StartAsync(async context =>
        {
            var drawn = -1;
            while (true)
            {
                if (State.Version != drawn)
                {
                    drawn = State.Version;
                    context.UpdateTarget(Draw());
                }

                if (run is { IsCompleted: true })
                {
                    await run.ConfigureAwait(false);
                    State.SetVerifyOutcome(session.LastVerifyHadErrors);
                    run = null;
                    changes?.Drain(); // what the build itself wrote (generated code, the merged implementation) is no change of the user's
                    continue;
                }

                if (closing.IsCancellationRequested)
                {
                    if (run is null)
                    {
                        break;
                    }

                    await Task.WhenAny(run, Task.Delay(RedrawInterval, CancellationToken.None)).ConfigureAwait(false);
                    continue;
                }

                key ??= keys.ReadKeyAsync(closing.Token);
                if (run is null && changes is not null)
                {
                    change ??= changes.NextChangeAsync(closing.Token);
                }

                var waits = new List<Task> { key };
                if (run is not null)
                {
                    waits.Add(run);
                    waits.Add(Task.Delay(RedrawInterval, CancellationToken.None));
                }

                if (change is not null)
                {
                    waits.Add(change);
                }

                await Task.WhenAny(waits).ConfigureAwait(false);

                if (key.IsCompleted)
                {
                    var pressed = key.IsCompletedSuccessfully ? key.Result : null;
                    key = null;
                    var step = Handle(pressed);
                    if (step is null && (pressed is null || IsClose(pressed.Value)))
                    {
                        await closing.CancelAsync().ConfigureAwait(false);
                        continue;
                    }

                    if (step is not null && run is null)
                    {
                        run = Start(step.Value, sink, closing.Token);
                    }
                }

                if (change is { IsCompleted: true })
                {
                    var path = change.IsCompletedSuccessfully ? change.Result : null;
                    change = null;
                    if (path is not null && run is null && !closing.IsCancellationRequested)
                    {
                        sink.Report(DiagnosticReported.From(
                            Diagnostic.Create(ToolDiagnostics.FilesChanged, SourceLocation.None, path), null, clock.GetUtcNow()));
                        run = Start(OneClickStep.Verify, sink, closing.Token);
                    }
                }
            }

            context.UpdateTarget(Draw());
        }).ConfigureAwait(false);

        return session.LastResult is { } result ? ExitCodes.Of(result) : ExitCodes.Success;
    }

    /// <summary>Moves the selection, or answers the step a key asks for when the window offers it.</summary>
    internal OneClickStep? Handle(ConsoleKeyInfo? pressed)
    {
        if (pressed is not { } info)
        {
            return null;
        }

        switch (info.Key)
        {
            case ConsoleKey.UpArrow:
                State.MoveSelection(-1);
                return null;
            case ConsoleKey.DownArrow:
                State.MoveSelection(1);
                return null;
            case ConsoleKey.PageUp:
                State.MoveSelection(-10);
                return null;
            case ConsoleKey.PageDown:
                State.MoveSelection(10);
                return null;
            case ConsoleKey.Home:
                State.SelectFirst();
                return null;
            case ConsoleKey.End:
                State.SelectLast();
                return null;
        }

        var action = info.Key switch
        {
            ConsoleKey.V => WindowAction.VerifyAgain,
            ConsoleKey.S => WindowAction.Save,
            ConsoleKey.U => WindowAction.Upload,
            ConsoleKey.P => WindowAction.Publish,
            _ => (WindowAction?)null,
        };
        if (action is null || !State.OfferedActions.Contains(action.Value))
        {
            return null; // a key for a button the window does not offer now does nothing
        }

        return action switch
        {
            // Verify Again is a 1-Click Publish that starts over: the chain verifies first and stops
            // at Verify's errors, so one build re-verifies and, when clean, carries on to Deploy.
            WindowAction.VerifyAgain => OneClickStep.Publish,
            WindowAction.Save => OneClickStep.Save,
            WindowAction.Upload => OneClickStep.Upload,
            _ => OneClickStep.Publish,
        };
    }

    private static bool IsClose(ConsoleKeyInfo info) =>
        info.Key is ConsoleKey.C or ConsoleKey.Escape or ConsoleKey.Q;

    private Task<RunResult> Start(OneClickStep step, IOperationSink sink, CancellationToken cancellationToken)
    {
        StepsRun.Add(step);
        return session.RunAsync(step, sink, cancellationToken);
    }

    private Spectre.Console.Rendering.IRenderable Draw() =>
        WindowView.Render(State, console.Profile.Width, console.Profile.Height, console.Profile.Capabilities.Unicode);

    private sealed class StateSink(OperationState state) : IOperationSink
    {
        public void Report(OperationEvent operationEvent) => state.Apply(operationEvent);
    }
}
