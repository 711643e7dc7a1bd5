namespace OneClickPublish.Pipeline;

/// <summary>The five stages of 1-Click Publish: the five markers of the progress bar, in order.</summary>
public enum Stage
{
    Verify,
    Save,
    Upload,
    Publish,
    Deploy,
}
