namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// The 22-character keys of the format (a GUID's bytes in base64, '/' as '_', no padding). Keys are kept
/// opaque: many real ones do not decode to version-4 GUIDs, so nothing here parses them.
/// </summary>
public static class StudioKeys
{
    /// <summary>The key of a RecordType attribute: <c>KEY,</c> gives <c>KEY</c>; empty gives null.</summary>
    public static string? RecordTypeKey(string? recordType)
    {
        if (string.IsNullOrEmpty(recordType))
        {
            return null;
        }

        var key = recordType!.TrimEnd(',');
        return key.Length == 0 ? null : key;
    }

    /// <summary>A key in the format's form from 16 bytes.</summary>
    public static string FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('/', '_');
    }
}
