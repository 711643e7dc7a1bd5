namespace OneClickPublish.Server.Configuration;

/// <summary>How the server writes its log to the console.</summary>
public enum ServerLogFormat
{
    /// <summary>No log: an embedding terminal UI stays clean (the default when embedded).</summary>
    None,

    /// <summary>One readable line per event (the default of <c>oneclick server</c>).</summary>
    Console,

    /// <summary>One JSON object per line, for log collectors.</summary>
    Json,
}
