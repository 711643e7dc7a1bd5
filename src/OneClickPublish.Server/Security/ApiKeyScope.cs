namespace OneClickPublish.Server.Security;

/// <summary>What a key may do; each scope includes the ones below it.</summary>
public enum ApiKeyScope
{
    /// <summary>List extensions, read versions, history and operation status.</summary>
    Read = 1,

    /// <summary>Upload, publish and roll back; includes Read.</summary>
    Publish = 2,

    /// <summary>Everything, including managing keys; includes Publish.</summary>
    Admin = 3,
}
