namespace OneClickPublish.IntegrationStudio;

/// <summary>Integration Studio writes flags as Yes and No.</summary>
internal static class StudioFlags
{
    public static bool IsYes(string? value) => string.Equals(value, "Yes", StringComparison.Ordinal);

    /// <summary>Yes, No, or absent/empty (which Integration Studio never writes, but means No).</summary>
    public static bool IsValid(string? value) => value is null or "" or "Yes" or "No";

    public static string ToFlag(bool value) => value ? "Yes" : "No";
}
