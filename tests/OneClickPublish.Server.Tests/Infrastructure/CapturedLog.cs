using System.Text;
using Microsoft.Extensions.Logging;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>The server's log, captured as text (level, category, message, exception) for assertions.</summary>
internal sealed class CapturedLog : ILoggerProvider
{
    private readonly StringBuilder _text = new();

    public string Text { get { lock (_text) { return _text.ToString(); } } }

    public void AddTo(ILoggingBuilder logging) => logging.AddProvider(this);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (log._text)
            {
                log._text.Append(logLevel).Append(' ').Append(category).Append(": ").AppendLine(formatter(state, exception));
                if (exception is not null)
                {
                    log._text.AppendLine(exception.ToString());
                }
            }
        }
    }
}
