using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace OneClickPublish.Server.Configuration;

/// <summary>The server's console log: its format and levels, from the options.</summary>
internal static class ServerLogging
{
    public static void Configure(ILoggingBuilder logging, PlatformServerOptions options)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(options.LogLevel);
        // ASP.NET Core's own request lines would double ours (RequestLogging), which carry the key id and duration.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // The host's own failures (a port that is taken) are thrown to whoever starts or stops the server, who
        // reports them (`oneclick server`: one coded line); logged here too, they would print a stack trace beside it.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
        if (options.Configuration?.GetSection("Logging") is { } section && section.Exists())
        {
            logging.AddConfiguration(section);
        }

        switch (options.LogFormat)
        {
            case ServerLogFormat.Console:
                logging.AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.UseUtcTimestamp = true;
                    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                    console.ColorBehavior = LoggerColorBehavior.Disabled;
                });
                break;
            case ServerLogFormat.Json:
                logging.AddJsonConsole(json =>
                {
                    json.UseUtcTimestamp = true;
                    json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    json.IncludeScopes = false;
                });
                break;
            default:
                break;
        }

        options.ConfigureLogging?.Invoke(logging);
    }
}
